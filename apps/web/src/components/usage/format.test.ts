import { describe, expect, it } from 'vitest';
import {
  bucketLabel,
  bucketTitle,
  formatCompact,
  formatCount,
  formatFailureRate,
  formatMs,
  formatMsAxis,
  formatUsd,
} from './format';
import { parseRange } from './usage-types';

describe('usage number formats', () => {
  it('separates thousands and shortens axis counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_400)).toBe('12.4K');
    expect(formatCompact(3_400_000)).toBe('3.4M');
  });

  it('gives the failure rate, and no rate without runs', () => {
    expect(formatFailureRate(1, 40)).toBe('2.5%');
    expect(formatFailureRate(1, 3)).toBe('33.3%');
    expect(formatFailureRate(0, 12)).toBe('0%');
    expect(formatFailureRate(0, 0)).toBe('—');
  });

  it('shows cents from a cent up and two significant digits below, unknown for null', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.000051234)).toBe('$0.000051');
    // Rounding up to a cent reads as a cent, not "$0.0100".
    expect(formatUsd(0.00999)).toBe('$0.01');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('unknown');
  });

  it('writes durations in ms below a second, then seconds, then minutes', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(2400)).toBe('2.4 s');
    expect(formatMs(2000)).toBe('2 s');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_340)).toBe('12.3 s');
    expect(formatMs(185_000)).toBe('3 min 5 s');
    expect(formatMs(null)).toBe('—');
    expect([0, 500, 1500, 120_000].map(formatMsAxis)).toEqual(['0', '500 ms', '1.5 s', '2 min']);
  });

  it('labels hour and day buckets in the given time zone', () => {
    const at = '2026-12-06T14:00:00.000Z';
    expect(bucketLabel(at, 'hour', 'UTC')).toBe('14:00');
    expect(bucketLabel(at, 'hour', 'Europe/Berlin')).toBe('15:00');
    expect(bucketLabel('2026-12-06T00:00:00.000Z', 'day', 'UTC')).toBe('Dec 6');
    expect(bucketTitle(at, 'hour', 'UTC')).toBe('Dec 6, 14:00–15:00');
    expect(bucketTitle('2026-12-06T23:00:00.000Z', 'hour', 'UTC')).toBe('Dec 6, 23:00–00:00');
    // Days are cut at midnight UTC by the server, so they are named in UTC wherever the viewer is.
    expect(bucketLabel('2026-12-06T00:00:00.000Z', 'day', 'America/New_York')).toBe('Dec 6');
    expect(bucketTitle('2026-12-06T00:00:00.000Z', 'day', 'America/New_York')).toBe('Dec 6 (UTC)');
  });

  it('reads the range from the URL, falling back to 24 h', () => {
    expect(parseRange('7d')).toBe('7d');
    expect(parseRange(['30d', '7d'])).toBe('30d');
    expect(parseRange('1y')).toBe('24h');
    expect(parseRange(undefined)).toBe('24h');
  });
});
