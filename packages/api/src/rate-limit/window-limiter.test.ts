import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './window-limiter';

describe('SlidingWindowLimiter', () => {
  it('allows `limit` events per window per key and says when to retry', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(60_000, () => now);
    expect(limiter.hit('a', 2)).toEqual({ ok: true });
    now = 10_000;
    expect(limiter.hit('a', 2)).toEqual({ ok: true });
    expect(limiter.hit('b', 2)).toEqual({ ok: true });
    now = 20_000;
    expect(limiter.hit('a', 2)).toEqual({ ok: false, retryAfterSeconds: 40 });
    now = 60_001;
    expect(limiter.hit('a', 2)).toEqual({ ok: true });
    expect(limiter.hit('a', 2)).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  it('gives an event back with undo, and stays bounded in keys', () => {
    let now = 0;
    const limiter = new SlidingWindowLimiter(1_000, () => now, 10);
    limiter.hit('a', 1);
    limiter.undo('a');
    expect(limiter.hit('a', 1)).toEqual({ ok: true });
    for (let index = 0; index < 100; index++) limiter.hit(`k${index}`, 1);
    now = 5_000;
    for (let index = 0; index < 100; index++) expect(limiter.hit(`k${index}`, 1).ok).toBe(true);
  });
});
