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
  const layout = layoutLines(props.values, USAGE_CHART_SIZE);
  const described = props.xNames.flatMap((name, index) => {
    const parts = props.lines.flatMap((line, lineIndex) => {
      const value = props.values[lineIndex]?.[index];
      return value === null || value === undefined ? [] : [`${line.label} ${props.formatValue(value)}`];
    });
    return parts.length > 0 ? [`${name}: ${parts.join(', ')}`] : [];
  });
  return (
    <ChartFrame
      title={props.title}
      description={described.length > 0 ? described.join('; ') : 'Nothing measured in this range.'}
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
                <title>{`${props.xNames[point.index]}: ${style?.label} ${props.formatValue(point.value)}`}</title>
              </circle>
            ))}
          </g>
        );
      })}
    </ChartFrame>
  );
}
