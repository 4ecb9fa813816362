import { describe, expect, it } from 'vitest';
import { ConcurrencyGate, KeyedGates } from './concurrency-gate';
import { hashPassword, verifyPassword } from './password';
import { FailureLimiter } from '../rate-limit';

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
  const options = { freeAttempts: 2, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 4000 };

  it('reserves the free attempts, then doubles the wait, and forgets on success', () => {
    let now = 0;
    const limiter = new FailureLimiter(options, () => now);
    expect(limiter.reserve(['a'])).toBe(0);
    expect(limiter.reserve(['a'])).toBe(0);
    // The second reservation used the last free attempt: the third waits, and is not counted.
    expect(limiter.reserve(['a'])).toBe(1000);
    now += 1000;
    expect(limiter.reserve(['a'])).toBe(0);
    expect(limiter.retryAfter('a')).toBe(2000);
    now += 2000;
    expect(limiter.reserve(['a'])).toBe(0);
    now += 4000;
    expect(limiter.reserve(['a'])).toBe(0);
    expect(limiter.retryAfter('a')).toBe(4000);
    limiter.succeed('a');
    expect(limiter.reserve(['a'])).toBe(0);
  });

  it('counts an attempt against every key or none', () => {
    const limiter = new FailureLimiter(options, () => 0);
    limiter.reserve(['email:x']);
    limiter.reserve(['email:x']);
    // email:x must wait, so ip:1 is not charged for the refused attempt.
    expect(limiter.reserve(['email:x', 'ip:1'])).toBe(1000);
    expect(limiter.reserve(['ip:1'])).toBe(0);
    expect(limiter.reserve(['ip:1'])).toBe(0);
    expect(limiter.reserve(['ip:1'])).toBe(1000);
  });

  it('remembers successes for a while', () => {
    let now = 0;
    const limiter = new FailureLimiter({ ...options, successMemoryMs: 10_000 }, () => now);
    expect(limiter.succeededRecently('x')).toBe(false);
    limiter.rememberSuccess('x');
    now += 10_000;
    expect(limiter.succeededRecently('x')).toBe(true);
    now += 1;
    expect(limiter.succeededRecently('x')).toBe(false);
  });
});

describe('concurrency gates', () => {
  const refusal = () => new Error('full');

  it('lets the limit in, queues a bounded number, refuses the rest and times waiters out', async () => {
    const gate = new ConcurrencyGate({ limit: 2, maxWaiting: 1, maxWaitMs: 50 });
    const first = await gate.acquire(refusal);
    await gate.acquire(refusal);
    const queued = gate.acquire(refusal);
    await expect(gate.acquire(refusal)).rejects.toThrow('full');
    expect(gate.load).toEqual({ running: 2, waiting: 1 });
    first();
    first();
    const third = await queued;
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    const late = gate.acquire(refusal);
    await expect(late).rejects.toThrow('full');
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    third();
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
  });

  it('holds several keys one caller at a time and drops idle keys', async () => {
    const gates = new KeyedGates({ maxWaiting: 1, maxWaitMs: 1000 });
    const order: string[] = [];
    const releaseA = await gates.acquire(['email:x', 'ip:1'], refusal);
    const second = gates.acquire(['ip:1', 'email:y'], refusal).then((release) => {
      order.push('second');
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    // The second caller now waits for ip:1, which has room for one waiter only.
    await expect(gates.acquire(['ip:1'], refusal)).rejects.toThrow('full');
    // A key nobody holds is free at once.
    (await gates.acquire(['email:z'], refusal))();
    order.push('first done');
    releaseA();
    (await second)();
    expect(order).toEqual(['first done', 'second']);
    expect(gates.size).toBe(0);
  });
});
