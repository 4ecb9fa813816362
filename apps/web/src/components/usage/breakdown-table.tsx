'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '../../i18n/format';
import { DEFAULT_ORDER, nextOrder, type SortKey, sortRows } from './breakdown-sort';
import { formatFailureRate, formatMs, formatUsd } from './format';
import type { UsageRow } from './usage-types';

function SortHeader(props: {
  label: string;
  column: SortKey;
  order: typeof DEFAULT_ORDER;
  onSort(key: SortKey): void;
}) {
  const active = props.order.key === props.column;
  const direction = props.order.direction === 'desc' ? 'descending' : 'ascending';
  return (
    <th className="px-3 py-2 text-right font-medium" aria-sort={active ? direction : 'none'}>
      <button
        type="button"
        className="inline-flex items-center gap-1 hover:text-slate-900"
        onClick={() => props.onSort(props.column)}
      >
        {props.label}
        <span aria-hidden="true">{active ? (props.order.direction === 'desc' ? '↓' : '↑') : '↕'}</span>
      </button>
    </th>
  );
}

/**
 * One breakdown (by agent, model, source or version) as a table sortable by runs or cost. Agent rows link
 * to that agent's Usage tab when `linkFor` is given.
 */
export function BreakdownTable(props: {
  title: string;
  rows: UsageRow[];
  linkFor?: (row: UsageRow) => string;
  /** The row's name in the page's language (the server names drafts, deleted agents… in English). */
  labelOf?: (row: UsageRow) => string;
}) {
  const t = useTranslations('usage.breakdown');
  const format = useFormat();
  const [order, setOrder] = useState(DEFAULT_ORDER);
  const rows = sortRows(props.rows, order);
  return (
    <section aria-label={props.title} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h3 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">{props.title}</h3>
      {rows.length === 0 ? (
        <p className="px-3 py-4 text-sm text-slate-500">{t('nothing')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={props.title}>
            <thead className="border-b border-slate-200 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">{t('name')}</th>
                <SortHeader
                  label={t('runs')}
                  column="runs"
                  order={order}
                  onSort={(key) => setOrder(nextOrder(order, key))}
                />
                <th className="px-3 py-2 text-right font-medium">{t('failures')}</th>
                <th className="px-3 py-2 text-right font-medium">{t('tokensIn')}</th>
                <th className="px-3 py-2 text-right font-medium">{t('tokensOut')}</th>
                <SortHeader
                  label={t('cost')}
                  column="cost"
                  order={order}
                  onSort={(key) => setOrder(nextOrder(order, key))}
                />
                <th className="px-3 py-2 text-right font-medium">{t('duration')}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 whitespace-nowrap tabular-nums">
              {rows.map((row) => (
                <tr key={row.key} data-testid="breakdown-row" data-key={row.key}>
                  <td className="px-3 py-2 font-medium whitespace-normal">
                    {props.linkFor ? (
                      <Link href={props.linkFor(row)} className="text-brand-700 hover:underline">
                        {props.labelOf ? props.labelOf(row) : row.label}
                      </Link>
                    ) : (
                      (props.labelOf?.(row) ?? row.label)
                    )}
                  </td>
                  <td className="px-3 py-2 text-right" data-testid="breakdown-runs">
                    {format.number(row.runs)}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {format.number(row.failures)}{' '}
                    <span className="text-xs text-slate-500">
                      {t('rate', { rate: formatFailureRate(row.failures, row.runs, format) })}
                    </span>
                  </td>
                  <td className="px-3 py-2 text-right">{format.number(row.inputTokens)}</td>
                  <td className="px-3 py-2 text-right">{format.number(row.outputTokens)}</td>
                  <td
                    className="px-3 py-2 text-right"
                    title={row.costUsd === null ? t('costUnknownTitle') : undefined}
                  >
                    {row.costUsd === null ? t('costUnknown') : formatUsd(row.costUsd, format)}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {row.durationMs
                      ? `${formatMs(row.durationMs.p50, format)} · ${formatMs(row.durationMs.p95, format)}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
