import { NextIntlClientProvider } from 'next-intl';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
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

/** Renders `node` with the catalog of `locale`, as the app's layout does. */
function render(node: ReactNode, locale = 'en'): string {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={locale} messages={locale === 'en' ? en : zh} timeZone="UTC">
      {node}
    </NextIntlClientProvider>,
  );
}

describe('usage charts', () => {
  const html = render(<UsageCharts series={series} bucket="day" />);

  it('gives every chart an accessible name and a description of its numbers', () => {
    for (const title of ['Runs and failures', 'Tokens', 'Time to the end', 'Time to first token']) {
      expect(html).toMatch(
        new RegExp(`role="img" aria-labelledby="[^"]+"[^>]*><title id="[^"]+">${title}</title><desc`),
      );
    }
    expect(html).toContain('Dec 5 (UTC): 1,170 succeeded, 30 failed');
    expect(html).toContain('Dec 5 (UTC): 5,000 input tokens, 900 output tokens');
    expect(html).toContain('Dec 5 (UTC): p50 850 ms, p95 2.4 sec');
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

  it('speaks Chinese on a Chinese page', () => {
    const chinese = render(<UsageCharts series={series} bucket="day" />, 'zh-CN');
    expect(chinese).toContain('>运行与失败</title>');
    expect(chinese).toContain('12月5日（UTC）：成功 1,170，失败 30');
    expect(chinese).toContain('>日期（UTC）</text>');
  });
});

describe('stat cards', () => {
  it('formats the totals and says when the cost is unknown', () => {
    const html = render(
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
