import { useTranslations } from 'next-intl';
import { layoutLines } from './chart-layout';
import { ChartFrame, type LegendEntry, USAGE_CHART_SIZE } from './chart-frame';

/**
 * Lines over buckets (a value per bucket, null where there is none), with a dot per value that shows its
 * number on hover. Used for the p50/p95 latencies.
 */
export function LineChart(props: {
  title: string;
  testId: string;
  lines: LegendEntry[];
  values: (number | null)[][];
  xLabels: string[];
  xNames: string[];
  xTitle: string;
  yTitle: string;
  formatValue(value: number): string;
  formatTick(value: number): string;
}) {
  const t = useTranslations('usage.charts');
  const layout = layoutLines(props.values, USAGE_CHART_SIZE);
  const say = (line: string, value: number) => t('lineValue', { line, value: props.formatValue(value) });
  const described = props.xNames.flatMap((name, index) => {
    const parts = props.lines.flatMap((line, lineIndex) => {
      const value = props.values[lineIndex]?.[index];
      return value === null || value === undefined ? [] : [say(line.label, value)];
    });
    return parts.length > 0
      ? [t('bucketValues', { bucket: name, values: parts.join(t('valueSeparator')) })]
      : [];
  });
  return (
    <ChartFrame
      title={props.title}
      description={described.length > 0 ? described.join(t('bucketSeparator')) : t('nothingMeasured')}
      testId={props.testId}
      legend={props.lines}
      plot={layout.plot}
      ticks={layout.ticks}
      formatTick={props.formatTick}
      yTitle={props.yTitle}
      xTitle={props.xTitle}
      bands={layout.bands}
      xLabels={props.xLabels}
    >
      {layout.lines.map((line, lineIndex) => {
        const style = props.lines[lineIndex];
        return (
          <g key={style?.label} data-testid="chart-line" data-points={line.points.length}>
            <path
              d={line.path}
              fill="none"
              stroke={style?.color}
              strokeWidth="2"
              strokeDasharray={style?.dashed ? '5 3' : undefined}
            />
            {line.points.map((point) => (
              <circle key={point.index} cx={point.x} cy={point.y} r="3.5" fill={style?.color}>
                <title>
                  {t('bucketValues', {
                    bucket: props.xNames[point.index] ?? '',
                    values: say(style?.label ?? '', point.value),
                  })}
                </title>
              </circle>
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
