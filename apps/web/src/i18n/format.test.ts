import { describe, expect, it } from 'vitest';
import { createFormat } from './format';

describe('createFormat', () => {
  const en = createFormat('en');
  const zh = createFormat('zh-CN');

  it('writes numbers and money the locale’s way', () => {
    expect(en.number(1234567)).toBe('1,234,567');
    expect(en.usd(1.5)).toBe('$1.50');
    expect(en.usd(0.0042)).toBe('$0.0042');
    expect(zh.usd(1.5)).toBe('US$1.50');
    expect(en.percent(0.873)).toBe('87.3%');
  });

  it('says durations in the locale’s units', () => {
    expect(en.duration(830)).toBe('830 ms');
    expect(en.duration(4200)).toBe('4.2 sec');
    expect(en.duration(185_000)).toBe('3 min 5 sec');
    expect(zh.duration(4200)).toBe('4.2秒');
    expect(zh.duration(830)).toBe('830毫秒');
  });

  it('writes dates and relative times in the locale’s words', () => {
    const when = Date.UTC(2026, 11, 6, 12, 0, 0);
    expect(zh.date(when)).toMatch(/2026年12月\d+日/);
    expect(en.relative(when - 3 * 60_000, when)).toBe('3 minutes ago');
    expect(zh.relative(when - 3 * 60_000, when)).toBe('3分钟前');
    expect(en.relative(when + 2 * 3600_000, when)).toBe('in 2 hours');
  });
});
