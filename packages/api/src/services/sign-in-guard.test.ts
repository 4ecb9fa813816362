import { describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { FailureLimiter } from '../rate-limit';
import { reserveSignUp, signInKeys } from './sign-in-guard';

function runtimeWithLimiter(): Runtime {
  const signInLimiter = new FailureLimiter({
    freeAttempts: 2,
    windowMs: 60_000,
    baseDelayMs: 1_000,
    maxDelayMs: 60_000,
    successMemoryMs: 60_000,
  });
  return { signInLimiter } as unknown as Runtime;
}

describe('sign-in keys', () => {
  it('counts IPv6 clients by their /64, so rotating addresses gives no fresh allowance', async () => {
    const runtime = runtimeWithLimiter();
    const first = await signInKeys(runtime, 'a@example.com', '2001:db8:1:2::1');
    const rotated = await signInKeys(runtime, 'b@example.com', '2001:db8:1:2:ffff::9');
    expect(first[1]).toBe(rotated[1]);
    expect((await signInKeys(runtime, 'a@example.com', '2001:db8:1:3::1'))[1]).not.toBe(first[1]);
    expect((await signInKeys(runtime, 'a@example.com', '::ffff:192.0.2.7'))[1]).toBe('ip:192.0.2.7');
  });

  it('limits owner sign-ups per /64 as well', async () => {
    const runtime = runtimeWithLimiter();
    await reserveSignUp(runtime, '2001:db8::1');
    await reserveSignUp(runtime, '2001:db8::2');
    await expect(reserveSignUp(runtime, '2001:db8::3')).rejects.toThrow(/Too many sign-up attempts/);
    await expect(reserveSignUp(runtime, '2001:db8:0:1::3')).resolves.toBeUndefined();
  });
});
