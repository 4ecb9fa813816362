import { describe, expect, it } from 'vitest';
import { bands, labelledIndexes, niceAxis, plotArea, yScale, yTicks } from './scale';

const plot = plotArea({ width: 400, height: 200, margin: { left: 40, right: 20, top: 10, bottom: 30 } });

describe('chart scales', () => {
  it('puts the plot inside the margins and maps 0…max from the bottom up, clamped', () => {
    expect(plot).toEqual({ left: 40, right: 380, top: 10, bottom: 170 });
    const y = yScale(200, plot);
    expect([y(0), y(100), y(200), y(500), y(-3)]).toEqual([170, 90, 10, 10, 170]);
    // Nothing to show: everything sits on the baseline instead of dividing by zero.
    expect(yScale(0, plot)(5)).toBe(170);
  });

  it('picks round steps (1, 2, 5 × 10ⁿ) and a top at or above the largest value', () => {
    expect(niceAxis(87)).toEqual({ step: 50, top: 100 });
    expect(niceAxis(100)).toEqual({ step: 50, top: 100 });
    expect(niceAxis(1234)).toEqual({ step: 500, top: 1500 });
    expect(niceAxis(0.3)).toEqual({ step: 0.1, top: 0.3 });
    // Counts never get fractional steps; an empty chart still has an axis.
    expect(niceAxis(3, 4, true)).toEqual({ step: 1, top: 3 });
    expect(niceAxis(0, 4, true)).toEqual({ step: 1, top: 1 });
  });

  it('lists the grid lines from 0 to the top, bottom first', () => {
    const { top, ticks } = yTicks(87, plot);
    expect(top).toBe(100);
    expect(ticks).toEqual([
      { value: 0, y: 170 },
      { value: 50, y: 90 },
      { value: 100, y: 10 },
    ]);
    expect(yTicks(0.3, plot).ticks.map((tick) => tick.value)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('splits the width into equal bands with a gap around each bar', () => {
    expect(bands(2, plot, 0.5)).toEqual([
      { x: 82.5, width: 85, center: 125 },
      { x: 252.5, width: 85, center: 295 },
    ]);
    expect(bands(0, plot)).toEqual([]);
  });

  it('labels at most n buckets, always the newest', () => {
    expect([...labelledIndexes(24, 8)].sort((a, b) => a - b)).toEqual([2, 5, 8, 11, 14, 17, 20, 23]);
    expect([...labelledIndexes(7, 8)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(labelledIndexes(30, 8).has(29)).toBe(true);
    expect(labelledIndexes(30, 8).size).toBeLessThanOrEqual(8);
  });
});
