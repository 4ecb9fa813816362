import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useFormat } from '../../i18n/format';
import { percentileLines, runParts, tokenParts } from './chart-layout';
import { bucketLabel, bucketParts, formatMs, formatMsAxis } from './format';
import { LineChart } from './line-chart';
import { StackedBarChart } from './stacked-bar-chart';
import type { UsageBucket, UsagePoint } from './usage-types';

const COLORS = {
  succeeded: '#10b981',
  failed: '#ef4444',
  input: '#3b55e6',
  output: '#93c5fd',
  p50: '#3b55e6',
  p95: '#f59e0b',
};

/** The four charts of a range, one bucket (an hour in the viewer's time zone, or a UTC day) per bar or point. */
export function UsageCharts({ series, bucket }: { series: UsagePoint[]; bucket: UsageBucket }) {
  const t = useTranslations('usage.charts');
  const locale = useLocale();
  const format = useFormat();
  const axis = useMemo(
    () => ({
      labels: series.map((point) => bucketLabel(point.at, bucket, locale)),
      names: series.map((point) => {
        const parts = bucketParts(point.at, bucket, locale);
        return parts.from && parts.to
          ? t('bucketHour', { day: parts.day, from: parts.from, to: parts.to })
          : t('bucketDay', { day: parts.day });
      }),
      title: bucket === 'hour' ? t('axisHour') : t('axisDay'),
    }),
    [series, bucket, locale, t],
  );
  const runLegend = [
    {
      label: t('succeeded'),
      color: COLORS.succeeded,
      say: (count: string) => t('succeededCount', { count }),
    },
    { label: t('failed'), color: COLORS.failed, say: (count: string) => t('failedCount', { count }) },
  ];
  const tokenLegend = [
    {
      label: t('inputTokens'),
      color: COLORS.input,
      say: (count: string) => t('inputTokensCount', { count }),
    },
    {
      label: t('outputTokens'),
      color: COLORS.output,
      say: (count: string) => t('outputTokensCount', { count }),
    },
  ];
  const percentiles = [
    { label: 'p50', color: COLORS.p50 },
    { label: 'p95', color: COLORS.p95, dashed: true },
  ];
  const ms = (value: number) => formatMs(value, format);
  const msTick = (value: number) => formatMsAxis(value, format);
  const shared = { xLabels: axis.labels, xNames: axis.names, xTitle: axis.title };
  return (
    <section aria-label={t('label')} className="grid gap-4 xl:grid-cols-2">
      <StackedBarChart
        {...shared}
        title={t('runsTitle')}
        testId="runs-chart"
        parts={runLegend}
        values={runParts(series)}
        yTitle={t('runsAxis')}
        integer
        formatValue={format.number}
        formatTick={format.compact}
      />
      <StackedBarChart
        {...shared}
        title={t('tokensTitle')}
        testId="tokens-chart"
        parts={tokenLegend}
        values={tokenParts(series)}
        yTitle={t('tokensAxis')}
        integer
        formatValue={format.number}
        formatTick={format.compact}
      />
      <LineChart
        {...shared}
        title={t('durationTitle')}
        testId="duration-chart"
        lines={percentiles}
        values={percentileLines(series, 'durationMs')}
        yTitle={t('durationAxis')}
        formatValue={ms}
        formatTick={msTick}
      />
      <LineChart
        {...shared}
        title={t('firstTokenTitle')}
        testId="first-token-chart"
        lines={percentiles}
        values={percentileLines(series, 'firstTokenMs')}
        yTitle={t('firstTokenAxis')}
        formatValue={ms}
        formatTick={msTick}
      />
    </section>
  );
}
