import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';

// 'server-only' throws outside a React Server Components bundle; this module only needs Node.
vi.mock('server-only', () => ({}));
const { releaseStartupMemory } = await import('./startup-memory');

afterEach(() => {
  vi.useRealTimers();
});

describe('releaseStartupMemory', () => {
  it('collects once, two seconds after start, without leaving a gc function anywhere', () => {
    vi.useFakeTimers();
    releaseStartupMemory();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1_999);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(vi.getTimerCount()).toBe(0);
    // --expose-gc was on only while one context was made: neither this one nor later ones have `gc`.
    expect('gc' in globalThis).toBe(false);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
