import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisWindowLimiter } from './redis-window-limiter';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;

describe.skipIf(!redisUrl)('redisWindowLimiter on Redis (REDIS_URL)', () => {
  const clients: Redis[] = [];
  const connect = () => {
    const client = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
  });

  it('shares one budget between two processes: each alone would have let all the messages through', async () => {
    const name = `test-${randomUUID()}`;
    // Two limiters on two connections, as two server processes would have.
    const first = redisWindowLimiter(connect(), { name, windowSeconds: 60 });
    const second = redisWindowLimiter(connect(), { name, windowSeconds: 60 });
    await Promise.all(clients.map((client) => client.ping()));
    const results = [];
    for (let index = 0; index < 6; index++) {
      results.push(await (index % 2 ? second : first).hit('agent:198.51.100.7', 4));
    }
    expect(results.filter((result) => result.ok)).toHaveLength(4);
    const refused = results.at(-1)!;
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.ok || refused.retryAfterSeconds <= 60).toBe(true);
    // Another key has its own budget; an undone event is given back to every process.
    expect((await second.hit('agent:198.51.100.8', 4)).ok).toBe(true);
    await first.undo('agent:198.51.100.7');
    expect((await second.hit('agent:198.51.100.7', 4)).ok).toBe(true);
    expect((await first.hit('agent:198.51.100.7', 4)).ok).toBe(false);
  });

  it('keeps counting in memory while Redis cannot be reached, rather than failing or letting all through', async () => {
    // Nothing listens on port 1: the client never becomes ready.
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true });
    clients.push(unreachable);
    const limiter = redisWindowLimiter(unreachable, { name: `test-${randomUUID()}`, windowSeconds: 60 });
    expect((await limiter.hit('key', 2)).ok).toBe(true);
    expect((await limiter.hit('key', 2)).ok).toBe(true);
    expect((await limiter.hit('key', 2)).ok).toBe(false);
  });
});
