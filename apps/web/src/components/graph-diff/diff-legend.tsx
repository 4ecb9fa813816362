'use client';

import { Panel } from '@xyflow/react';
import { DIFF_LOOKS } from './diff-mark';
import type { DiffStatus } from './merge-for-diff';

const ORDER: readonly DiffStatus[] = ['added', 'removed', 'changed'];

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The diff canvas's key: each status's mark and colour with how many nodes and connections have it. */
export function DiffLegend({ counts }: { counts: Record<DiffStatus, { nodes: number; edges: number }> }) {
  const total = ORDER.reduce((sum, status) => sum + counts[status].nodes + counts[status].edges, 0);
  return (
    <Panel position="top-left">
      <section
        aria-label="Legend of the comparison"
        data-testid="diff-legend"
        className="max-w-md rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs text-slate-700 shadow-sm"
      >
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {ORDER.map((status) => {
            const look = DIFF_LOOKS[status];
            const { nodes, edges } = counts[status];
            return (
              <li key={status} className="flex items-center gap-1.5" data-status={status}>
                <span className={`rounded-full px-1.5 font-semibold ${look.badge}`}>
                  <span aria-hidden="true">{look.mark}</span> {look.word}
                </span>
                <span>
                  {plural(nodes, 'node')}
                  {status === 'changed' ? '' : `, ${plural(edges, 'connection')}`}
                </span>
              </li>
            );
          })}
        </ul>
        <p className="mt-1 text-slate-500">
          {total === 0
            ? 'No differences (positions are ignored).'
            : 'Removed nodes are ghosted where they were. Hover or focus a changed node to see its settings.'}
        </p>
      </section>
    </Panel>
  );
}
