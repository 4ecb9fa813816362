'use client';

import { Panel } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { DIFF_LOOKS } from './diff-mark';
import type { DiffStatus } from './merge-for-diff';

const ORDER: readonly DiffStatus[] = ['added', 'removed', 'changed'];

/** The diff canvas's key: each status's mark and colour with how many nodes and connections have it. */
export function DiffLegend({ counts }: { counts: Record<DiffStatus, { nodes: number; edges: number }> }) {
  const t = useTranslations('graphDiff');
  const total = ORDER.reduce((sum, status) => sum + counts[status].nodes + counts[status].edges, 0);
  return (
    <Panel position="top-left">
      <section
        aria-label={t('legend')}
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
                  <span aria-hidden="true">{look.mark}</span> {t(`status.${status}`)}
                </span>
                <span>
                  {status === 'changed' ? t('countNodes', { nodes }) : t('counts', { nodes, edges })}
                </span>
              </li>
            );
          })}
        </ul>
        <p className="mt-1 text-slate-500">{total === 0 ? t('noDifferences') : t('legendHint')}</p>
      </section>
    </Panel>
  );
}
