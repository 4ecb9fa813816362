import {
  type Band,
  bands,
  type ChartSize,
  type PlotArea,
  plotArea,
  type Tick,
  yTicks,
} from '../charts/scale';
import type { UsagePoint } from './usage-types';

/** One part of a stacked bar, in SVG coordinates. */
export interface PlacedSegment {
  value: number;
  y: number;
  height: number;
}

/** A bucket's bar: its band on the x axis, its parts bottom first, and their sum. */
export interface PlacedBar {
  band: Band;
  total: number;
  segments: PlacedSegment[];
}

/** What a stacked bar chart draws. */
export interface StackedLayout {
  plot: PlotArea;
  ticks: Tick[];
  bars: PlacedBar[];
}

/**
 * Places one stacked bar per bucket: `values[i]` holds bucket i's parts, bottom first. The y axis runs from
 * 0 to a round number at or above the tallest bar.
 */
export function layoutStackedBars(
  values: readonly (readonly number[])[],
  size: ChartSize,
  options: { integer?: boolean } = {},
): StackedLayout {
  const plot = plotArea(size);
  const totals = values.map((parts) => parts.reduce((sum, part) => sum + Math.max(0, part), 0));
  const { ticks, scale } = yTicks(Math.max(0, ...totals), plot, { integer: options.integer });
  const placedBands = bands(values.length, plot);
  const bars = values.map((parts, index) => {
    let base = 0;
    const segments = parts.map((part) => {
      const value = Math.max(0, part);
      const bottom = scale(base);
      base += value;
      const top = scale(base);
      return { value, y: top, height: Math.round((bottom - top) * 10) / 10 };
    });
    return { band: placedBands[index] as Band, total: totals[index] ?? 0, segments };
  });
  return { plot, ticks, bars };
}

/** A point of a line; null values leave a gap. */
export interface PlacedPoint {
  index: number;
  x: number;
  y: number;
  value: number;
}

/** A line of a line chart: its points and the SVG path through them, broken where a value is missing. */
export interface PlacedLine {
  points: PlacedPoint[];
  /** "M x y L x y … M x y …": a new stroke starts after each gap. */
  path: string;
}

/** What a line chart draws. */
export interface LineLayout {
  plot: PlotArea;
  ticks: Tick[];
  bands: Band[];
  lines: PlacedLine[];
}

/**
 * Places lines over buckets (each line a value per bucket, null for "no data", such as an hour without
 * runs). Points sit in the middle of their bucket so they line up with the bar charts above them.
 */
export function layoutLines(lines: readonly (readonly (number | null)[])[], size: ChartSize): LineLayout {
  const plot = plotArea(size);
  const count = Math.max(0, ...lines.map((line) => line.length));
  const present = lines.flatMap((line) => line.filter((value): value is number => value !== null));
  const { ticks, scale } = yTicks(Math.max(0, ...present), plot);
  const placedBands = bands(count, plot);
  return {
    plot,
    ticks,
    bands: placedBands,
    lines: lines.map((line) => {
      const points: PlacedPoint[] = [];
      let path = '';
      let drawing = false;
      line.forEach((value, index) => {
        const band = placedBands[index];
        if (value === null || !band) {
          drawing = false;
          return;
        }
        const point = { index, x: band.center, y: scale(value), value };
        points.push(point);
        path += `${path ? ' ' : ''}${drawing ? 'L' : 'M'} ${point.x} ${point.y}`;
        drawing = true;
      });
      return { points, path };
    }),
  };
}

/** Each bucket's runs split into those that ended well and those that failed, for the stacked bars. */
export function runParts(series: readonly UsagePoint[]): number[][] {
  return series.map((point) => [Math.max(0, point.runs - point.failures), point.failures]);
}

/** Each bucket's input and output tokens, for the stacked bars. */
export function tokenParts(series: readonly UsagePoint[]): number[][] {
  return series.map((point) => [point.inputTokens, point.outputTokens]);
}

/** The p50 and p95 lines of one latency (to first token or to the end); null where a bucket had none. */
export function percentileLines(
  series: readonly UsagePoint[],
  measure: 'firstTokenMs' | 'durationMs',
): [(number | null)[], (number | null)[]] {
  return [
    series.map((point) => point[measure]?.p50 ?? null),
    series.map((point) => point[measure]?.p95 ?? null),
  ];
}
