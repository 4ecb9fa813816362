import { describe, expect, it } from 'vitest';
import { layoutLines, layoutStackedBars, percentileLines, runParts, tokenParts } from './chart-layout';
import type { UsagePoint } from './usage-types';

const size = { width: 440, height: 200, margin: { left: 40, right: 0, top: 0, bottom: 100 } };

function point(at: string, totals: Partial<UsagePoint>): UsagePoint {
  return {
    at,
    runs: 0,
    failures: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    firstTokenMs: null,
    durationMs: null,
    ...totals,
  };
}

const series = [
  point('2026-12-06T12:00:00Z', {
    runs: 3,
    failures: 1,
    inputTokens: 30,
    outputTokens: 12,
    durationMs: { p50: 400, p95: 900 },
  }),
  point('2026-12-06T13:00:00Z', {}),
  point('2026-12-06T14:00:00Z', {
    runs: 4,
    inputTokens: 50,
    outputTokens: 20,
    firstTokenMs: { p50: 120, p95: 300 },
    durationMs: { p50: 500, p95: 1200 },
  }),
];

describe('usage chart layout', () => {
  it('stacks good runs under failures, one bar per bucket, zero-height bars for empty buckets', () => {
    expect(runParts(series)).toEqual([
      [2, 1],
      [0, 0],
      [4, 0],
    ]);
    const layout = layoutStackedBars(runParts(series), size, { integer: true });
    // Four runs at most: the axis counts to 4 in steps of 1, over the 100-unit-high plot.
    expect(layout.ticks.map((tick) => [tick.value, tick.y])).toEqual([
      [0, 100],
      [1, 75],
      [2, 50],
      [3, 25],
      [4, 0],
    ]);
    const [first, empty, last] = layout.bars;
    expect(first?.total).toBe(3);
    expect(first?.segments).toEqual([
      { value: 2, y: 50, height: 50 },
      { value: 1, y: 25, height: 25 },
    ]);
    expect(empty?.segments.map((segment) => segment.height)).toEqual([0, 0]);
    expect(last?.segments[0]).toEqual({ value: 4, y: 0, height: 100 });
    // Three equal bands across the 400-unit plot, each bar 70% of its band.
    expect(layout.bars.map((bar) => bar.band)).toEqual([
      { x: 60, width: 93.3, center: 106.7 },
      { x: 193.3, width: 93.3, center: 240 },
      { x: 326.7, width: 93.3, center: 373.3 },
    ]);
  });

  it('stacks input and output tokens', () => {
    expect(tokenParts(series)).toEqual([
      [30, 12],
      [0, 0],
      [50, 20],
    ]);
    expect(layoutStackedBars(tokenParts(series), size).bars[2]?.total).toBe(70);
  });

  it('draws percentile lines through bucket centres and breaks them where a bucket had no runs', () => {
    const lines = percentileLines(series, 'durationMs');
    expect(lines).toEqual([
      [400, null, 500],
      [900, null, 1200],
    ]);
    const layout = layoutLines(lines, size);
    expect(layout.ticks.at(-1)?.value).toBe(1500);
    const [p50] = layout.lines;
    expect(p50?.points.map((placed) => [placed.index, placed.x, placed.y])).toEqual([
      [0, 106.7, 73.3],
      [2, 373.3, 66.7],
    ]);
    expect(p50?.path).toBe('M 106.7 73.3 M 373.3 66.7');
    expect(percentileLines(series, 'firstTokenMs')[0]).toEqual([null, null, 120]);
  });

  it('joins neighbouring points into one stroke', () => {
    const layout = layoutLines([[100, 200, null, 50, 50]], size);
    expect(layout.lines[0]?.path).toBe('M 80 50 L 160 0 M 320 75 L 400 75');
  });
});
