import { type ChartSize, type PlotArea, plotArea, round, yScale } from '../../charts/scale';

export type { ChartSize };

/** A point placed on the chart. */
export interface PlacedPoint {
  x: number;
  y: number;
  label: string;
  /** "75%" */
  rateText: string;
}

/** Everything the chart component draws, already in SVG coordinates. */
export interface ChartLayout {
  points: PlacedPoint[];
  /** The polyline through the points ("x,y x,y …"). */
  line: string;
  yTicks: { y: number; label: string }[];
  plot: PlotArea;
}

/** A pass rate (0…1) as whole percent text. */
export function percentText(rate: number): string {
  return `${Math.round(Math.min(1, Math.max(0, rate)) * 100)}%`;
}

/**
 * Places pass rates (0…1, oldest first) on a chart: x spreads the versions evenly (they are labels, not
 * times), y runs from 0% at the bottom to 100% at the top, so charts of different agents compare at a glance.
 * A single point sits in the middle.
 */
export function layoutPassRates(
  points: readonly { label: string; passRate: number }[],
  size: ChartSize,
): ChartLayout {
  const plot = plotArea(size);
  const yFor = yScale(1, plot);
  const step = points.length > 1 ? (plot.right - plot.left) / (points.length - 1) : 0;
  const placed = points.map((point, index) => ({
    x: round(points.length > 1 ? plot.left + index * step : (plot.left + plot.right) / 2),
    y: yFor(point.passRate),
    label: point.label,
    rateText: percentText(point.passRate),
  }));
  return {
    points: placed,
    line: placed.map((point) => `${point.x},${point.y}`).join(' '),
    yTicks: [0, 0.25, 0.5, 0.75, 1].map((rate) => ({ y: yFor(rate), label: percentText(rate) })),
    plot,
  };
}
