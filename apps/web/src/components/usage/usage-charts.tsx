import { useMemo } from 'react';
import { percentileLines, runParts, tokenParts } from './chart-layout';
import { bucketLabel, bucketTitle, formatCompact, formatCount, formatMs, formatMsAxis } from './format';
import { LineChart } from './line-chart';
import { StackedBarChart } from './stacked-bar-chart';
import type { UsageBucket, UsagePoint } from './usage-types';

const RUN_PARTS = [
  { label: 'Succeeded', color: '#10b981' },
  { label: 'Failed', color: '#ef4444' },
];
const TOKEN_PARTS = [
  { label: 'Input tokens', color: '#3b55e6' },
  { label: 'Output tokens', color: '#93c5fd' },
];
const PERCENTILE_LINES = [
  { label: 'p50', color: '#3b55e6' },
  { label: 'p95', color: '#f59e0b', dashed: true },
];

/** The four charts of a range, one bucket (an hour in the viewer's time zone, or a UTC day) per bar or point. */
export function UsageCharts({ series, bucket }: { series: UsagePoint[]; bucket: UsageBucket }) {
  const axis = useMemo(
    () => ({
      labels: series.map((point) => bucketLabel(point.at, bucket)),
      names: series.map((point) => bucketTitle(point.at, bucket)),
      title: bucket === 'hour' ? 'Hour (your time zone)' : 'Day (UTC)',
    }),
    [series, bucket],
  );
  const shared = { xLabels: axis.labels, xNames: axis.names, xTitle: axis.title };
  return (
    <section aria-label="Charts" className="grid gap-4 xl:grid-cols-2">
      <StackedBarChart
        {...shared}
        title="Runs and failures"
        testId="runs-chart"
        parts={RUN_PARTS}
        values={runParts(series)}
        yTitle="Runs"
        integer
        formatValue={formatCount}
        formatTick={formatCompact}
      />
      <StackedBarChart
        {...shared}
        title="Tokens"
        testId="tokens-chart"
        parts={TOKEN_PARTS}
        values={tokenParts(series)}
        yTitle="Tokens"
        integer
        formatValue={formatCount}
        formatTick={formatCompact}
      />
      <LineChart
        {...shared}
        title="Time to the end"
        testId="duration-chart"
        lines={PERCENTILE_LINES}
        values={percentileLines(series, 'durationMs')}
        yTitle="Duration"
        formatValue={formatMs}
        formatTick={formatMsAxis}
      />
      <LineChart
        {...shared}
        title="Time to first token"
        testId="first-token-chart"
        lines={PERCENTILE_LINES}
        values={percentileLines(series, 'firstTokenMs')}
        yTitle="First token"
        formatValue={formatMs}
        formatTick={formatMsAxis}
      />
    </section>
  );
}
