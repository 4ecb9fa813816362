/** The drawing area of an SVG chart, in SVG user units. */
export interface ChartSize {
  width: number;
  height: number;
  /** Room for the axis labels: left, right, top, bottom. */
  margin: { left: number; right: number; top: number; bottom: number };
}

/** The rectangle the data is drawn in (inside the margins), in SVG user units. */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** A horizontal grid line with its label. */
export interface Tick {
  value: number;
  y: number;
}

/** One slot of a band axis: the space of one bucket or category along x. */
export interface Band {
  /** Left edge of the bar drawn in the band. */
  x: number;
  /** Width of that bar (the band minus a gap on each side). */
  width: number;
  /** Middle of the band, where a line chart places its point. */
  center: number;
}

/** The plot rectangle of a chart of `size`. */
export function plotArea(size: ChartSize): PlotArea {
  return {
    left: size.margin.left,
    right: size.width - size.margin.right,
    top: size.margin.top,
    bottom: size.height - size.margin.bottom,
  };
}

/**
 * Maps values 0…max onto the plot from the bottom up; values outside are kept on the plot, so a stray
 * value never draws over the axis labels.
 */
export function yScale(max: number, plot: PlotArea): (value: number) => number {
  const span = plot.bottom - plot.top;
  return (value) => {
    const share = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
    return round(plot.bottom - share * span);
  };
}

/**
 * A round step (1, 2 or 5 times a power of ten) that splits 0…max into about `count` parts, and the top of
 * the axis (a whole number of steps at or above max). Integer data (counts) never gets a step below 1.
 */
export function niceAxis(max: number, count = 4, integer = false): { step: number; top: number } {
  // An empty chart still gets an axis (0 and 1), so it reads as "nothing" rather than as broken.
  if (!(max > 0)) return { step: 1, top: 1 };
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = [1, 2, 5, 10].find((candidate) => candidate * power >= raw) ?? 10;
  let step = Number((factor * power).toPrecision(12));
  if (integer) step = Math.max(1, Math.ceil(step));
  // Rounded so 0.1 + 0.2 style sums do not print as 0.30000000000000004.
  const top = Number((Math.ceil(max / step - 1e-9) * step).toPrecision(12));
  return { step, top };
}

/** Grid lines from 0 to the nice top of `max`, bottom first. */
export function yTicks(max: number, plot: PlotArea, options: { count?: number; integer?: boolean } = {}) {
  const { step, top } = niceAxis(max, options.count, options.integer);
  const scale = yScale(top, plot);
  const ticks: Tick[] = [];
  for (let index = 0; index * step <= top + step / 1e6; index++) {
    const value = Number((index * step).toPrecision(12));
    ticks.push({ value, y: scale(value) });
  }
  return { top, ticks, scale };
}

/** Splits the plot's width into `count` equal bands; each bar fills `fill` (0…1) of its band. */
export function bands(count: number, plot: PlotArea, fill = 0.7): Band[] {
  if (count <= 0) return [];
  const band = (plot.right - plot.left) / count;
  const width = band * Math.min(1, Math.max(0, fill));
  return Array.from({ length: count }, (_, index) => {
    const start = plot.left + index * band;
    return { x: round(start + (band - width) / 2), width: round(width), center: round(start + band / 2) };
  });
}

/**
 * Which of `count` x-axis labels to print so that at most `most` show: every n-th, counted back from the
 * last, so the newest bucket is always labelled.
 */
export function labelledIndexes(count: number, most: number): Set<number> {
  const every = Math.max(1, Math.ceil(count / Math.max(1, most)));
  const shown = new Set<number>();
  for (let index = count - 1; index >= 0; index -= every) shown.add(index);
  return shown;
}

/** A coordinate rounded to a tenth of a unit: enough for SVG, and stable in tests. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
