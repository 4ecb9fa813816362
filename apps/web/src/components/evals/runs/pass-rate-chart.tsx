'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ErrorNote } from '../../ui';
import { type ChartSize, layoutPassRates, percentText } from './chart-scale';

const SIZE: ChartSize = { width: 640, height: 220, margin: { left: 48, right: 24, top: 24, bottom: 44 } };

/** Pass rate of the latest finished eval run of each version and draft revision, oldest first. */
export function PassRateChart({ agentId }: { agentId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('evals.chart');
  const ids = { title: useId(), description: useId() };
  const query = useQuery(trpc.evals.passRates.queryOptions({ agentId }));
  if (query.error) return <ErrorNote message={errorMessage(query.error)} />;
  const points = query.data ?? [];
  if (points.length === 0) return null;
  // The server labels a point "v3" or "draft r12"; the draft's word is said in the page's language.
  const pointLabel = (label: string) => {
    const revision = /^draft r(\d+)$/.exec(label)?.[1];
    return revision ? t('draftPoint', { revision }) : label;
  };
  const layout = layoutPassRates(
    points.map((point) => ({ ...point, label: pointLabel(point.label) })),
    SIZE,
  );
  const { plot } = layout;
  return (
    <section aria-label={t('title')} className="space-y-2">
      <h2 className="text-base font-semibold">{t('title')}</h2>
      <svg
        role="img"
        aria-labelledby={`${ids.title} ${ids.description}`}
        viewBox={`0 0 ${SIZE.width} ${SIZE.height}`}
        className="w-full max-w-2xl text-slate-500"
        data-testid="pass-rate-chart"
      >
        <title id={ids.title}>{t('title')}</title>
        <desc id={ids.description}>
          {points
            .map((point) =>
              t('point', {
                label: pointLabel(point.label),
                rate: percentText(point.passRate),
                total: point.total,
              }),
            )
            .join(t('separator'))}
        </desc>
        {layout.yTicks.map((tick) => (
          <g key={tick.label}>
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} stroke="#e2e8f0" />
            <text x={plot.left - 6} y={tick.y + 4} textAnchor="end" fontSize="11" fill="currentColor">
              {tick.label}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} stroke="#94a3b8" />
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#94a3b8" />
        <text
          x={12}
          y={(plot.top + plot.bottom) / 2}
          fontSize="11"
          fill="currentColor"
          textAnchor="middle"
          transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`}
        >
          {t('passing')}
        </text>
        <text
          x={(plot.left + plot.right) / 2}
          y={SIZE.height - 6}
          fontSize="11"
          fill="currentColor"
          textAnchor="middle"
        >
          {t('axis')}
        </text>
        {layout.points.length > 1 ? (
          <polyline points={layout.line} fill="none" stroke="#3b55e6" strokeWidth="2" />
        ) : null}
        {layout.points.map((point, index) => (
          <g key={points[index]?.evalRunId ?? point.label}>
            <circle cx={point.x} cy={point.y} r="4" fill="#3b55e6" />
            <text x={point.x} y={point.y - 8} textAnchor="middle" fontSize="11" fill="#1e293b">
              {point.rateText}
            </text>
            <text x={point.x} y={plot.bottom + 16} textAnchor="middle" fontSize="11" fill="currentColor">
              {point.label}
            </text>
          </g>
        ))}
      </svg>
    </section>
  );
}
