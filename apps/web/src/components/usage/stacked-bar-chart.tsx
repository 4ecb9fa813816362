import { useTranslations } from 'next-intl';
import { layoutStackedBars } from './chart-layout';
import { ChartFrame, type LegendEntry, USAGE_CHART_SIZE } from './chart-frame';

/** One part of the stacked bars (bottom first): its name and colour, and its value in words ("3 failed"). */
export type BarPart = LegendEntry & { say(value: string): string };

/**
 * Stacked bars, one per bucket: `values[i]` holds bucket i's parts in the order of `parts`. Hovering a
 * bucket shows its numbers (an SVG title over the bucket's whole height, so even a thin bar has one).
 */
export function StackedBarChart(props: {
  title: string;
  testId: string;
  parts: BarPart[];
  values: number[][];
  /** The buckets' axis labels and full names ("Dec 6, 14:00–15:00"). */
  xLabels: string[];
  xNames: string[];
  xTitle: string;
  yTitle: string;
  integer?: boolean;
  formatValue(value: number): string;
  formatTick(value: number): string;
}) {
  const t = useTranslations('usage.charts');
  const layout = layoutStackedBars(props.values, USAGE_CHART_SIZE, { integer: props.integer });
  const { plot } = layout;
  const describe = (index: number) =>
    t('bucketValues', {
      bucket: props.xNames[index] ?? '',
      values: props.parts
        .map((part, partIndex) => part.say(props.formatValue(props.values[index]?.[partIndex] ?? 0)))
        .join(t('valueSeparator')),
    });
  const busy = layout.bars.flatMap((bar, index) => (bar.total > 0 ? [describe(index)] : []));
  return (
    <ChartFrame
      title={props.title}
      description={busy.length > 0 ? busy.join(t('bucketSeparator')) : t('nothing')}
      testId={props.testId}
      legend={props.parts}
      plot={plot}
      ticks={layout.ticks}
      formatTick={props.formatTick}
      yTitle={props.yTitle}
      xTitle={props.xTitle}
      bands={layout.bars.map((bar) => bar.band)}
      xLabels={props.xLabels}
    >
      {layout.bars.map((bar, index) => (
        <g
          // biome-ignore lint/suspicious/noArrayIndexKey: buckets are positions on the axis
          key={index}
          data-testid="chart-bar"
          data-index={index}
          data-total={bar.total}
        >
          <title>{describe(index)}</title>
          <rect
            x={bar.band.x}
            y={plot.top}
            width={bar.band.width}
            height={plot.bottom - plot.top}
            fill="transparent"
          />
          {bar.segments.map((segment, partIndex) =>
            segment.height > 0 ? (
              <rect
                key={props.parts[partIndex]?.label}
                x={bar.band.x}
                y={segment.y}
                width={bar.band.width}
                height={segment.height}
                fill={props.parts[partIndex]?.color}
              />
            ) : null,
          )}
        </g>
      ))}
    </ChartFrame>
  );
}
