import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime';
import { publicChatLimiters } from './limiters';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
/** Just what the limiters read of a runtime: two of these stand for two server processes. */
const runtimeWith = (config: { redisUrl?: string }) => ({ config }) as unknown as Runtime;

describe('publicChatLimiters', () => {
  it('counts in memory per runtime without REDIS_URL', async () => {
    const first = await publicChatLimiters(runtimeWith({}));
    const second = await publicChatLimiters(runtimeWith({}));
    expect((await first.perAddress.hit('agent:198.51.100.7', 1)).ok).toBe(true);
    expect((await first.perAddress.hit('agent:198.51.100.7', 1)).ok).toBe(false);
    expect((await second.perAddress.hit('agent:198.51.100.7', 1)).ok).toBe(true);
  });

  it.skipIf(!redisUrl)(
    'with REDIS_URL, two server processes share one per-minute budget per address',
    async () => {
      const first = await publicChatLimiters(runtimeWith({ redisUrl }));
      const second = await publicChatLimiters(runtimeWith({ redisUrl }));
      try {
        const key = `agent-${randomUUID()}:198.51.100.7`;
        // The connections are not ready at once; wait until a hit reaches Redis from both.
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect((await first.perAddress.hit(key, 2)).ok).toBe(true);
        expect((await second.perAddress.hit(key, 2)).ok).toBe(true);
        expect((await first.perAddress.hit(key, 2)).ok).toBe(false);
        expect((await second.perAddress.hit(key, 2)).ok).toBe(false);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    },
  );
});
