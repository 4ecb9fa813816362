'use client';

import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { RowActions } from '../ui';

/** What the list shows of a trigger. */
export interface TriggerRow {
  id: string;
  kind: 'webhook' | 'schedule';
  name: string;
  enabled: boolean;
  lastRunAt: Date | string | null;
  nextRunAt: Date | string | null;
}

/** A pill-shaped on/off switch: Active runs the trigger, Paused refuses (webhooks 409) or skips (schedules). */
function StatusSwitch({ row, disabled, onToggle }: { row: TriggerRow; disabled: boolean; onToggle(): void }) {
  const t = useTranslations('triggers.list');
  return (
    <button
      type="button"
      role="switch"
      aria-checked={row.enabled}
      aria-label={t('switchLabel', { name: row.name, enabled: String(row.enabled) })}
      disabled={disabled}
      onClick={onToggle}
      className={`inline-flex items-center gap-2 rounded-full px-2 py-0.5 text-xs font-medium focus-visible:outline-2 focus-visible:outline-brand-600 ${row.enabled ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`}
    >
      <span
        aria-hidden
        className={`h-2 w-2 rounded-full ${row.enabled ? 'bg-emerald-500' : 'bg-slate-400'}`}
      />
      {row.enabled ? t('active') : t('paused')}
    </button>
  );
}

/** An agent's triggers: kind, name, status switch, last and next run, and what can be done with each. */
export function TriggerList({
  rows,
  busyId,
  canEdit,
  onToggle,
  onEdit,
  onRemove,
}: {
  rows: TriggerRow[];
  busyId: string | null;
  canEdit: boolean;
  onToggle(row: TriggerRow): void;
  onEdit(row: TriggerRow): void;
  onRemove(row: TriggerRow): void;
}) {
  const t = useTranslations('triggers.list');
  const format = useFormat();
  const when = (value: Date | string | null) => (value ? format.dateTime(value) : '—');
  return (
    <table className="w-full text-left text-sm" aria-label={t('label')}>
      <thead className="border-b border-slate-200 text-xs text-slate-500">
        <tr>
          <th className="px-4 py-2 font-medium">{t('kind')}</th>
          <th className="px-4 py-2 font-medium">{t('name')}</th>
          <th className="px-4 py-2 font-medium">{t('status')}</th>
          <th className="px-4 py-2 font-medium">{t('lastRun')}</th>
          <th className="px-4 py-2 font-medium">{t('nextRun')}</th>
          <th className="px-4 py-2">
            <span className="sr-only">{t('actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.id} data-testid={`trigger-${row.id}`}>
            <td className="px-4 py-3">
              <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium">
                {t('kindName', { kind: row.kind })}
              </span>
            </td>
            <td className="px-4 py-3 font-medium">{row.name}</td>
            <td className="px-4 py-3">
              <StatusSwitch
                row={row}
                disabled={!canEdit || busyId === row.id}
                onToggle={() => onToggle(row)}
              />
            </td>
            <td className="px-4 py-3 text-xs text-slate-600">{when(row.lastRunAt)}</td>
            <td className="px-4 py-3 text-xs text-slate-600">
              {row.kind === 'schedule'
                ? row.enabled
                  ? when(row.nextRunAt)
                  : t('nextPaused')
                : t('nextWhenCalled')}
            </td>
            <td className="px-4 py-3 text-right whitespace-nowrap">
              <RowActions
                name={row.name}
                canEdit={canEdit}
                busy={busyId === row.id}
                onOpen={() => onEdit(row)}
                onDelete={() => onRemove(row)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
