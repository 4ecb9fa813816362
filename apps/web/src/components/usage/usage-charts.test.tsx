import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StatCards } from './stat-cards';
import { UsageCharts } from './usage-charts';
import type { UsagePoint, UsageTotals } from './usage-types';

const NONE: UsageTotals = {
  runs: 0,
  failures: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  firstTokenMs: null,
  durationMs: null,
};

const series: UsagePoint[] = [
  { at: '2026-12-04T00:00:00.000Z', ...NONE },
  {
    at: '2026-12-05T00:00:00.000Z',
    ...NONE,
    runs: 1200,
    failures: 30,
    inputTokens: 5000,
    outputTokens: 900,
    durationMs: { p50: 850, p95: 2400 },
  },
];

describe('usage charts', () => {
  const html = renderToStaticMarkup(<UsageCharts series={series} bucket="day" />);

  it('gives every chart an accessible name and a description of its numbers', () => {
    for (const title of ['Runs and failures', 'Tokens', 'Time to the end', 'Time to first token']) {
      expect(html).toMatch(
        new RegExp(`role="img" aria-labelledby="[^"]+"[^>]*><title id="[^"]+">${title}</title><desc`),
      );
    }
    expect(html).toContain('Dec 5 (UTC): 1,170 succeeded, 30 failed');
    expect(html).toContain('Dec 5 (UTC): 5,000 input tokens, 900 output tokens');
    expect(html).toContain('Dec 5 (UTC): p50 850 ms, p95 2.4 s');
    // No first-token figures at all: the chart says so rather than drawing an empty line.
    expect(html).toContain('Nothing measured in this range.');
  });

  it('labels both axes and draws a bar per bucket with its total', () => {
    expect(html).toContain('>Day (UTC)</text>');
    expect(html).toContain('>Runs</text>');
    expect(html).toContain('>Dec 4</text>');
    // 1,200 runs at most: the axis counts 0, 500, 1K, 1.5K in short numbers.
    expect(html).toContain('>500</text>');
    expect(html).toContain('>1.5K</text>');
    expect(html.match(/data-testid="chart-bar"/g)).toHaveLength(4);
    expect(html).toContain('data-total="1200"');
    expect(html).toContain('fill="#ef4444"');
  });
});

describe('stat cards', () => {
  it('formats the totals and says when the cost is unknown', () => {
    const html = renderToStaticMarkup(
      <StatCards
        totals={{
          ...NONE,
          runs: 12345,
          failures: 5,
          inputTokens: 1_000_000,
          outputTokens: 2500,
          costUsd: null,
          durationMs: { p50: 1500, p95: 4000 },
        }}
      />,
    );
    expect(html).toContain('12,345');
    expect(html).toContain('0% of runs');
    expect(html).toContain('1,000,000 / 2,500');
    expect(html).toContain('Unknown for some models');
    expect(html).toContain('1.5 s');
    expect(html).toContain('p95: 4 s');
    expect(html).toContain('Not measured in this range');
  });
});
