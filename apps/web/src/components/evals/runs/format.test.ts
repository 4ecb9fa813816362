import { describe, expect, it } from 'vitest';
import { formatCost, formatLatency, formatTokens, targetLabel, timeAgo, versionOptionLabel } from './format';

describe('eval run formatting', () => {
  it('names the target: a draft revision or a version number', () => {
    expect(targetLabel({ versionId: null, version: null, draftRevision: 12 })).toBe('Draft r12');
    expect(targetLabel({ versionId: 'v-id', version: 3, draftRevision: null })).toBe('v3');
    expect(versionOptionLabel({ version: 3, note: ' Shorter answers ' })).toBe('v3 — Shorter answers');
    expect(versionOptionLabel({ version: 4, note: '' })).toBe('v4');
  });

  it('says how long ago in minutes, hours and days', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(timeAgo(new Date('2026-12-06T11:59:30Z'), now)).toBe('just now');
    expect(timeAgo('2026-12-06T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-12-06T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-12-05T11:00:00Z', now)).toBe('1 day ago');
    expect(timeAgo('2026-12-01T12:00:00Z', now)).toBe('5 days ago');
    // A clock a little ahead of the browser's is not "in the future".
    expect(timeAgo('2026-12-06T12:00:05Z', now)).toBe('just now');
  });

  it('formats latency, tokens and cost, with a dash for unknown values', () => {
    expect(formatLatency(850)).toBe('850 ms');
    expect(formatLatency(2430)).toBe('2.4 s');
    expect(formatLatency(null)).toBe('—');
    expect(formatTokens(120, 30)).toBe('150');
    expect(formatTokens(null, 30)).toBe('—');
    expect(formatCost(0.00123)).toBe('$0.0012');
    expect(formatCost(1.5)).toBe('$1.50');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(undefined)).toBe('—');
  });
});
