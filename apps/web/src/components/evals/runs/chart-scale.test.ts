import { describe, expect, it } from 'vitest';
import { layoutPassRates, percentText } from './chart-scale';

const size = { width: 400, height: 200, margin: { left: 40, right: 20, top: 10, bottom: 30 } };

describe('layoutPassRates', () => {
  it('spreads versions evenly and maps 0%…100% from the bottom to the top of the plot', () => {
    const layout = layoutPassRates(
      [
        { label: 'v1', passRate: 0 },
        { label: 'v2', passRate: 0.5 },
        { label: 'draft r7', passRate: 1 },
      ],
      size,
    );
    expect(layout.plot).toEqual({ left: 40, right: 380, top: 10, bottom: 170 });
    expect(layout.points).toEqual([
      { x: 40, y: 170, label: 'v1', rateText: '0%' },
      { x: 210, y: 90, label: 'v2', rateText: '50%' },
      { x: 380, y: 10, label: 'draft r7', rateText: '100%' },
    ]);
    expect(layout.line).toBe('40,170 210,90 380,10');
    expect(layout.yTicks).toEqual([
      { y: 170, label: '0%' },
      { y: 130, label: '25%' },
      { y: 90, label: '50%' },
      { y: 50, label: '75%' },
      { y: 10, label: '100%' },
    ]);
  });

  it('centres a single point and keeps out-of-range rates on the plot', () => {
    const layout = layoutPassRates([{ label: 'v1', passRate: 1.2 }], size);
    expect(layout.points).toEqual([{ x: 210, y: 10, label: 'v1', rateText: '100%' }]);
    expect(layoutPassRates([], size).points).toEqual([]);
    expect(percentText(12 / 13)).toBe('92%');
    expect(percentText(-0.1)).toBe('0%');
  });
});
