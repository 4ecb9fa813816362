import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { guardSignIn } from '../services/sign-in-guard';
import { RedisAttemptLimiter } from './redis-attempt-limiter';
import { type FailureLimiterOptions, SIGN_IN_LIMITS } from './attempt-limiter';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;

describe.skipIf(!redisUrl)('RedisAttemptLimiter (sign-in attempts shared through REDIS_URL)', () => {
  const clients: Redis[] = [];
  const connect = async () => {
    const client = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    clients.push(client);
    await client.ping();
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  });

  /** Two limiters on two connections with one key prefix: what two server processes have. */
  const twoProcesses = async (options: FailureLimiterOptions, now?: () => number) => {
    const prefix = `test:sign-in:${randomUUID()}`;
    return [
      new RedisAttemptLimiter(await connect(), options, now, prefix),
      new RedisAttemptLimiter(await connect(), options, now, prefix),
    ] as const;
  };

  it('a limit of five free attempts holds across two server processes signing in alternately', async () => {
    const [first, second] = await twoProcesses(SIGN_IN_LIMITS);
    // Just what guardSignIn reads of a runtime: its limiter.
    const runtimes = [first, second].map((signInLimiter) => ({ signInLimiter }) as unknown as Runtime);
    let hashed = 0;
    const wrongPassword = async () => {
      hashed++;
      return undefined;
    };
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const runtime = runtimes[attempt % 2]!;
      const error = await guardSignIn(runtime, 'ada@example.com', '198.51.100.7', wrongPassword).catch(
        (caught: Error) => caught,
      );
      outcomes.push(error instanceof Error ? error.message.split('.')[0]! : 'signed in');
    }
    expect(outcomes.slice(0, 5)).toEqual(Array(5).fill('Email or password is incorrect'));
    expect(outcomes.slice(5)).toEqual(Array(3).fill('Too many failed sign-ins'));
    // The refused attempts never reached the password hash, in either process.
    expect(hashed).toBe(5);
  });

  it('counts concurrent reservations from both processes atomically: exactly the free ones go ahead', async () => {
    const [first, second] = await twoProcesses(SIGN_IN_LIMITS);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? second : first).reserve(['email:ada@example.com', `ip:198.51.100.${index}`]),
      ),
    );
    expect(answers.filter((wait) => wait === 0)).toHaveLength(5);
    expect(Math.min(...answers.filter((wait) => wait > 0))).toBeGreaterThan(0);
  });

  it('doubles the wait per attempt up to the maximum, clears on success and remembers successes', async () => {
    let now = 1_000_000;
    const options = { freeAttempts: 2, windowMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 4_000 };
    const [first, second] = await twoProcesses({ ...options, successMemoryMs: 10_000 }, () => now);
    // The second (last free) attempt goes ahead and sets the first wait.
    expect(await first.reserve(['k'])).toBe(0);
    expect(await second.reserve(['k'])).toBe(0);
    expect(await first.retryAfter('k')).toBe(1_000);
    // Waiting: refused, and nothing counted, in the other process too.
    expect(await first.reserve(['k', 'other'])).toBe(1_000);
    expect(await second.retryAfter('other')).toBe(0);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      now += await (attempt % 2 ? first : second).retryAfter('k');
      expect(await (attempt % 2 ? second : first).reserve(['k'])).toBe(0);
      waits.push(await first.retryAfter('k'));
    }
    expect(waits).toEqual([2_000, 4_000, 4_000, 4_000]);
    await second.succeed('k');
    expect(await first.retryAfter('k')).toBe(0);
    // Past the window with no wait pending, a key starts over.
    expect(await first.reserve(['w'])).toBe(0);
    now += 61_000;
    expect(await second.reserve(['w'])).toBe(0);
    expect(await second.retryAfter('w')).toBe(0);

    await first.rememberSuccess('success:ada@example.com|198.51.100.7');
    expect(await second.succeededRecently('success:ada@example.com|198.51.100.7')).toBe(true);
    expect(await second.succeededRecently('success:bob@example.com|198.51.100.7')).toBe(false);
  });

  it('counts in memory while Redis cannot be reached, rather than refusing or letting everything through', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true });
    clients.push(unreachable);
    const limiter = new RedisAttemptLimiter(unreachable, { ...SIGN_IN_LIMITS, freeAttempts: 2 });
    expect(await limiter.reserve(['k'])).toBe(0);
    expect(await limiter.reserve(['k'])).toBe(0);
    expect(await limiter.reserve(['k'])).toBeGreaterThan(0);
  });
});
