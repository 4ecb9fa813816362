import { describe, expect, it } from 'vitest';
import { evalWords } from '../test-words';
import { agoText, formatCost, formatLatency, formatTokens, targetText, versionOptionLabel } from './format';

const en = evalWords('en');
const zh = evalWords('zh-CN');

describe('eval run formatting', () => {
  it('names the target: a draft revision or a version number', () => {
    const draft = { versionId: null, version: null, draftRevision: 12 };
    const version = { versionId: 'v-id', version: 3, draftRevision: null };
    expect(targetText(draft, en.t)).toBe('Draft r12');
    expect(targetText(version, en.t)).toBe('v3');
    expect(targetText({ ...draft, draftRevision: null }, en.t)).toBe('Draft');
    expect(targetText(draft, zh.t)).toBe('草稿 r12');
    expect(targetText({ ...version, version: null }, zh.t)).toBe('某个已发布版本');
    expect(versionOptionLabel({ version: 3, note: ' Shorter answers ' })).toBe('v3 — Shorter answers');
    expect(versionOptionLabel({ version: 4, note: '' })).toBe('v4');
  });

  it('says how long ago in minutes, hours and days', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const cases: [Date | string, string, string][] = [
      [new Date('2026-12-06T11:59:30Z'), 'just now', '刚刚'],
      ['2026-12-06T11:55:00Z', '5 min ago', '5分钟前'],
      ['2026-12-06T09:00:00Z', '3 h ago', '3小时前'],
      ['2026-12-05T11:00:00Z', '1 day ago', '1天前'],
      ['2026-12-01T12:00:00Z', '5 days ago', '5天前'],
      // A clock a little ahead of the browser's is not "in the future".
      ['2026-12-06T12:00:05Z', 'just now', '刚刚'],
    ];
    for (const [date, english, chinese] of cases) {
      expect(agoText(date, en.t, now)).toBe(english);
      expect(agoText(date, zh.t, now)).toBe(chinese);
    }
  });

  it('formats latency, tokens and cost in the locale, with a dash for unknown values', () => {
    expect(formatLatency(850, en.format)).toBe('850 ms');
    expect(formatLatency(2430, en.format)).toBe('2.4 sec');
    expect(formatLatency(2430, zh.format)).toBe('2.4秒');
    expect(formatLatency(null, en.format)).toBe('—');
    expect(formatTokens(1200, 30, en.format)).toBe('1,230');
    expect(formatTokens(null, 30, en.format)).toBe('—');
    expect(formatCost(0.00123, en.format)).toBe('$0.0012');
    expect(formatCost(1.5, en.format)).toBe('$1.50');
    expect(formatCost(1.5, zh.format)).toBe('US$1.50');
    expect(formatCost(0, en.format)).toBe('$0.00');
    expect(formatCost(undefined, en.format)).toBe('—');
  });
});
