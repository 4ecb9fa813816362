import { useTranslations } from 'next-intl';
import { type ReactNode, useId } from 'react';
import type { Band, ChartSize, PlotArea, Tick } from '../charts/scale';
import { labelledIndexes } from '../charts/scale';

/**
 * The size every usage chart is drawn at. It scales to its column, which is about this wide at two charts
 * a row, so 11-unit text stays about 11 px.
 */
export const USAGE_CHART_SIZE: ChartSize = {
  width: 480,
  height: 220,
  margin: { left: 56, right: 8, top: 10, bottom: 40 },
};

/** A colour and a name of one thing a chart shows, for its legend. */
export interface LegendEntry {
  label: string;
  color: string;
  dashed?: boolean;
}

/**
 * What every usage chart shares: a titled section with a legend, and an SVG with an accessible title and
 * description, grid lines with y labels, x labels under the buckets (thinned so they never overlap) and
 * both axis titles. The chart's own marks come in as children.
 */
export function ChartFrame(props: {
  title: string;
  /** Read by screen readers instead of the marks: the numbers in words. */
  description: string;
  testId: string;
  legend: LegendEntry[];
  plot: PlotArea;
  ticks: Tick[];
  formatTick(value: number): string;
  yTitle: string;
  xTitle: string;
  bands: Band[];
  xLabels: string[];
  children: ReactNode;
}) {
  const t = useTranslations('usage.charts');
  const ids = { title: useId(), description: useId() };
  const size = USAGE_CHART_SIZE;
  const { plot } = props;
  const shown = labelledIndexes(props.xLabels.length, 8);
  const middle = (plot.top + plot.bottom) / 2;
  return (
    <figure className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-sm font-semibold">{props.title}</span>
        <ul
          className="flex flex-wrap gap-3 text-xs text-slate-600"
          aria-label={t('legend', { title: props.title })}
        >
          {props.legend.map((entry) => (
            <li key={entry.label} className="flex items-center gap-1">
              <svg width="14" height="8" aria-hidden="true">
                <line
                  x1="0"
                  x2="14"
                  y1="4"
                  y2="4"
                  stroke={entry.color}
                  strokeWidth="6"
                  strokeDasharray={entry.dashed ? '3 2' : undefined}
                />
              </svg>
              {entry.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <svg
        role="img"
        aria-labelledby={`${ids.title} ${ids.description}`}
        viewBox={`0 0 ${size.width} ${size.height}`}
        className="w-full text-slate-500"
        data-testid={props.testId}
      >
        <title id={ids.title}>{props.title}</title>
        <desc id={ids.description}>{props.description}</desc>
        {props.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} stroke="#e2e8f0" />
            <text x={plot.left - 6} y={tick.y + 4} textAnchor="end" fontSize="11" fill="currentColor">
              {props.formatTick(tick.value)}
            </text>
          </g>
        ))}
        <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#94a3b8" />
        <text
          x={12}
          y={middle}
          fontSize="11"
          fill="currentColor"
          textAnchor="middle"
          transform={`rotate(-90 12 ${middle})`}
        >
          {props.yTitle}
        </text>
        {props.bands.map((band, index) =>
          shown.has(index) ? (
            <text
              key={band.center}
              x={band.center}
              y={plot.bottom + 16}
              textAnchor="middle"
              fontSize="11"
              fill="currentColor"
            >
              {props.xLabels[index]}
            </text>
          ) : null,
        )}
        <text
          x={(plot.left + plot.right) / 2}
          y={size.height - 6}
          fontSize="11"
          fill="currentColor"
          textAnchor="middle"
        >
          {props.xTitle}
        </text>
        {props.children}
      </svg>
    </figure>
  );
}
