import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('wrong horse battery', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('failure limiter', () => {
  it('lets free attempts through, then doubles the wait, and forgets on success', () => {
    let now = 0;
    const limiter = new FailureLimiter(
      { freeAttempts: 2, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 4000 },
      () => now,
    );
    limiter.fail('a');
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(1000);
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(2000);
    limiter.fail('a');
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(4000);
    now += 4000;
    expect(limiter.retryAfter('a')).toBe(0);
    limiter.succeed('a');
    limiter.fail('a');
    expect(limiter.retryAfter('a')).toBe(0);
  });
});
