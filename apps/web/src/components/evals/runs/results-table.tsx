import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import type { EvalResultRow } from './eval-types';
import { ExpectationList } from './expectation-list';
import { formatCost, formatLatency, formatTokens } from './format';
import { failureSummary, inCaseOrder } from './result-order';
import { PassBadge } from './status-pill';

/** The results of one eval run in case order: verdict, expectations, folded answer, numbers, its run. */
export function ResultsTable({
  agentId,
  results,
  pending,
}: {
  agentId: string;
  results: readonly EvalResultRow[];
  /** Cases not finished yet (shown as one line while the run goes on). */
  pending: number;
}) {
  const t = useTranslations('evals');
  const format = useFormat();
  return (
    <table className="w-full text-left text-sm" aria-label={t('results.label')}>
      <thead className="border-b border-slate-200 text-xs text-slate-500">
        <tr>
          <th className="px-3 py-2 font-medium">{t('results.result')}</th>
          <th className="px-3 py-2 font-medium">{t('results.case')}</th>
          <th className="px-3 py-2 text-right font-medium">{t('results.latency')}</th>
          <th className="px-3 py-2 text-right font-medium">{t('results.tokens')}</th>
          <th className="px-3 py-2 text-right font-medium">{t('results.cost')}</th>
          <th className="px-3 py-2">
            <span className="sr-only">{t('results.run')}</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {inCaseOrder(results).map((row) => (
          <tr
            key={row.position}
            data-testid="eval-result"
            data-passed={row.passed}
            className={`align-top ${row.passed ? '' : 'bg-red-50/30'}`}
          >
            <td className="px-3 py-2">
              <PassBadge passed={row.passed} />
            </td>
            <td className="px-3 py-2">
              <p className="font-medium text-slate-900">{row.case.name}</p>
              <p className="text-xs text-slate-500">{failureSummary(row, t)}</p>
              {row.error ? (
                <p className="mt-1 rounded bg-red-50 px-2 py-1 text-xs text-red-800">{row.error}</p>
              ) : null}
              <ExpectationList expectations={row.expectations} />
              <details className="mt-1 text-xs">
                <summary className="cursor-pointer text-slate-600">{t('results.answer')}</summary>
                <p className="mt-1 whitespace-pre-wrap rounded bg-slate-50 p-2 text-slate-800">
                  {row.answer || t('results.noAnswer')}
                </p>
              </details>
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{formatLatency(row.latencyMs, format)}</td>
            <td className="px-3 py-2 text-right tabular-nums">
              {formatTokens(row.inputTokens, row.outputTokens, format)}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{formatCost(row.costUsd, format)}</td>
            <td className="px-3 py-2 text-right">
              {row.runId ? (
                <Link
                  href={`/agents/${agentId}/runs/${row.runId}`}
                  className="text-brand-700 hover:underline"
                  aria-label={t('results.runOf', { name: row.case.name })}
                >
                  {t('results.run')}
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
        {pending > 0 ? (
          <tr>
            <td colSpan={6} className="px-3 py-2 text-xs text-slate-500">
              {t('results.pending', { count: pending })}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
