import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitResult, WindowLimiter } from './window-limiter';

/** What a Redis-backed window limiter counts: its name (part of every key) and its window. */
export interface RedisWindowLimiterOptions {
  /** Keys are `agentry:rate:<name>:<key>`; limiters with the same name share their counts. */
  name: string;
  windowSeconds: number;
}

/**
 * A `WindowLimiter` whose counts live in Redis (rate-limiter-flexible's atomic INCR + expiry), so every
 * server process shares one budget per key. Windows are fixed (they start at a key's first event), not
 * sliding: a client can at most double its limit across one window boundary.
 *
 * While Redis is unreachable or not yet connected, each process falls back to counting in its own memory
 * (the insurance limiter) instead of failing the chat or letting it through uncounted.
 */
export function redisWindowLimiter(client: Redis, options: RedisWindowLimiterOptions): WindowLimiter {
  const keyPrefix = `agentry:rate:${options.name}`;
  // rate-limiter-flexible fixes its points per instance, and limits come per agent: one instance per
  // limit, all on the same keys, so a changed limit applies to the counts already made.
  const byLimit = new Map<number, RateLimiterRedis>();
  const limiterFor = (limit: number): RateLimiterRedis => {
    let limiter = byLimit.get(limit);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: client,
        keyPrefix,
        points: limit,
        duration: options.windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          keyPrefix,
          points: limit,
          duration: options.windowSeconds,
        }),
      });
      if (byLimit.size >= 100) byLimit.clear();
      byLimit.set(limit, limiter);
    }
    return limiter;
  };
  return {
    async hit(key: string, limit: number): Promise<RateLimitResult> {
      try {
        await limiterFor(limit).consume(key);
        return { ok: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        // The refused event was counted too: take it back, so the count is of admitted events only (as
        // in memory) and an undone event makes room again however many refusals came in between.
        await limiterFor(limit)
          .reward(key, 1)
          .catch(() => {});
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      }
    },
    async undo(key: string): Promise<void> {
      const any = byLimit.values().next().value ?? limiterFor(1);
      await any.reward(key, 1).catch(() => {});
    },
  };
}
