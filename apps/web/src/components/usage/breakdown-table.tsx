'use client';

import Link from 'next/link';
import { useState } from 'react';
import { DEFAULT_ORDER, nextOrder, type SortKey, sortRows } from './breakdown-sort';
import { formatCount, formatFailureRate, formatMs, formatUsd } from './format';
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
}) {
  const [order, setOrder] = useState(DEFAULT_ORDER);
  const rows = sortRows(props.rows, order);
  return (
    <section aria-label={props.title} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <h3 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">{props.title}</h3>
      {rows.length === 0 ? (
        <p className="px-3 py-4 text-sm text-slate-500">Nothing in this range.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={props.title}>
            <thead className="border-b border-slate-200 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">Name</th>
                <SortHeader
                  label="Runs"
                  column="runs"
                  order={order}
                  onSort={(key) => setOrder(nextOrder(order, key))}
                />
                <th className="px-3 py-2 text-right font-medium">Failures</th>
                <th className="px-3 py-2 text-right font-medium">Tokens in</th>
                <th className="px-3 py-2 text-right font-medium">Tokens out</th>
                <SortHeader
                  label="Cost"
                  column="cost"
                  order={order}
                  onSort={(key) => setOrder(nextOrder(order, key))}
                />
                <th className="px-3 py-2 text-right font-medium">p50 · p95 to the end</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 whitespace-nowrap tabular-nums">
              {rows.map((row) => (
                <tr key={row.key} data-testid="breakdown-row" data-key={row.key}>
                  <td className="px-3 py-2 font-medium whitespace-normal">
                    {props.linkFor ? (
                      <Link href={props.linkFor(row)} className="text-brand-700 hover:underline">
                        {row.label}
                      </Link>
                    ) : (
                      row.label
                    )}
                  </td>
                  <td className="px-3 py-2 text-right" data-testid="breakdown-runs">
                    {formatCount(row.runs)}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {formatCount(row.failures)}{' '}
                    <span className="text-xs text-slate-500">
                      ({formatFailureRate(row.failures, row.runs)})
                    </span>
                  </td>
                  <td className="px-3 py-2 text-right">{formatCount(row.inputTokens)}</td>
                  <td className="px-3 py-2 text-right">{formatCount(row.outputTokens)}</td>
                  <td
                    className="px-3 py-2 text-right"
                    title={row.costUsd === null ? 'No price known for some of its models' : undefined}
                  >
                    {formatUsd(row.costUsd)}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {row.durationMs
                      ? `${formatMs(row.durationMs.p50)} · ${formatMs(row.durationMs.p95)}`
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
