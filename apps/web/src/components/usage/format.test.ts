import { describe, expect, it } from 'vitest';
import { createFormat } from '../../i18n/format';
import { bucketLabel, bucketParts, formatFailureRate, formatMs, formatMsAxis, formatUsd } from './format';
import { parseRange } from './usage-types';

const en = createFormat('en');
const zh = createFormat('zh-CN');

describe('usage number formats', () => {
  it('gives the failure rate, and no rate without runs', () => {
    expect(formatFailureRate(1, 40, en)).toBe('2.5%');
    expect(formatFailureRate(1, 3, en)).toBe('33.3%');
    expect(formatFailureRate(0, 12, en)).toBe('0%');
    expect(formatFailureRate(0, 0, en)).toBe('—');
  });

  it('shows cents from a cent up and two significant digits below', () => {
    expect(formatUsd(1234.5, en)).toBe('$1,234.50');
    expect(formatUsd(0.5, en)).toBe('$0.50');
    expect(formatUsd(0.0042, en)).toBe('$0.0042');
    expect(formatUsd(0.000051234, en)).toBe('$0.000051');
    // Rounding up to a cent reads as a cent, not "$0.0100".
    expect(formatUsd(0.00999, en)).toBe('$0.01');
    expect(formatUsd(0, en)).toBe('$0.00');
    expect(formatUsd(0.0042, zh)).toBe('US$0.0042');
  });

  it('writes durations in ms below a second, then seconds, then minutes, in the locale’s units', () => {
    expect(formatMs(850.4, en)).toBe('850 ms');
    expect(formatMs(2400, en)).toBe('2.4 sec');
    expect(formatMs(185_000, en)).toBe('3 min 5 sec');
    expect(formatMs(null, en)).toBe('—');
    expect(formatMs(2400, zh)).toBe('2.4秒');
    expect([0, 500, 1500, 120_000].map((ms) => formatMsAxis(ms, en))).toEqual([
      '0',
      '500 ms',
      '1.5 sec',
      '2 min',
    ]);
  });

  it('labels hour and day buckets in the given time zone', () => {
    const at = '2026-12-06T14:00:00.000Z';
    expect(bucketLabel(at, 'hour', 'en', 'UTC')).toBe('14:00');
    expect(bucketLabel(at, 'hour', 'en', 'Europe/Berlin')).toBe('15:00');
    expect(bucketLabel('2026-12-06T00:00:00.000Z', 'day', 'en', 'UTC')).toBe('Dec 6');
    expect(bucketLabel('2026-12-06T00:00:00.000Z', 'day', 'zh-CN', 'UTC')).toBe('12月6日');
    expect(bucketParts(at, 'hour', 'en', 'UTC')).toEqual({ day: 'Dec 6', from: '14:00', to: '15:00' });
    expect(bucketParts('2026-12-06T23:00:00.000Z', 'hour', 'en', 'UTC')).toEqual({
      day: 'Dec 6',
      from: '23:00',
      to: '00:00',
    });
    // Days are cut at midnight UTC by the server, so they are named in UTC wherever the viewer is.
    expect(bucketLabel('2026-12-06T00:00:00.000Z', 'day', 'en', 'America/New_York')).toBe('Dec 6');
    expect(bucketParts('2026-12-06T00:00:00.000Z', 'day', 'en', 'America/New_York')).toEqual({
      day: 'Dec 6',
    });
  });

  it('reads the range from the URL, falling back to 24 h', () => {
    expect(parseRange('7d')).toBe('7d');
    expect(parseRange(['30d', '7d'])).toBe('30d');
    expect(parseRange('1y')).toBe('24h');
    expect(parseRange(undefined)).toBe('24h');
  });
});
