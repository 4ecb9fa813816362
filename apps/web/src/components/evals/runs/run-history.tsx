'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { Button } from '../../ui';
import type { EvalRunSummary } from './eval-types';
import { agoText, targetText } from './format';
import { EvalStatusPill } from './status-pill';

/** Past eval runs, newest first: view one, or tick two and compare them. */
export function RunHistory({
  runs,
  viewingId,
  ticked,
  onView,
  onTick,
  onCompare,
}: {
  runs: readonly EvalRunSummary[];
  viewingId: string | null;
  /** Runs ticked for comparison (at most two). */
  ticked: readonly string[];
  onView: (id: string) => void;
  onTick: (id: string, on: boolean) => void;
  onCompare: () => void;
}) {
  const t = useTranslations('evals');
  const format = useFormat();
  return (
    <section aria-label={t('history.label')} className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-base font-semibold">{t('history.heading')}</h2>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          {ticked.length === 2 ? null : <span>{t('history.tickTwo')}</span>}
          <Button variant="secondary" disabled={ticked.length !== 2} onClick={onCompare}>
            {t('history.compare')}
          </Button>
        </div>
      </div>
      <table className="w-full text-left text-sm" aria-label={t('history.table')}>
        <thead className="border-b border-slate-200 text-xs text-slate-500">
          <tr>
            <th className="w-10 px-3 py-2">
              <span className="sr-only">{t('history.compare')}</span>
            </th>
            <th className="px-3 py-2 font-medium">{t('history.target')}</th>
            <th className="px-3 py-2 font-medium">{t('history.when')}</th>
            <th className="px-3 py-2 font-medium">{t('history.passed')}</th>
            <th className="px-3 py-2 font-medium">{t('history.status')}</th>
            <th className="px-3 py-2">
              <span className="sr-only">{t('history.view')}</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {runs.map((run) => {
            const target = targetText(run, t);
            const ago = agoText(run.createdAt, t);
            const label = t('history.row', { target, ago });
            const isTicked = ticked.includes(run.id);
            return (
              <tr
                key={run.id}
                data-testid="eval-run-row"
                className={run.id === viewingId ? 'bg-brand-50/60' : undefined}
              >
                <td className="px-3 py-2">
                  <input
                    type="checkbox"
                    aria-label={t('history.compareRun', { label })}
                    checked={isTicked}
                    // A third tick would be ambiguous: untick one first.
                    disabled={!isTicked && ticked.length >= 2}
                    onChange={(event) => onTick(run.id, event.target.checked)}
                  />
                </td>
                <td className="px-3 py-2 font-medium">{target}</td>
                <td className="px-3 py-2 text-slate-600" title={format.dateTime(run.createdAt)}>
                  {ago}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {run.passed}/{run.total}
                </td>
                <td className="px-3 py-2">
                  <EvalStatusPill status={run.status} />
                </td>
                <td className="px-3 py-2 text-right">
                  <Button
                    variant="ghost"
                    aria-pressed={run.id === viewingId}
                    aria-label={t('history.viewRun', { label })}
                    onClick={() => onView(run.id)}
                  >
                    {t('history.view')}
                  </Button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
