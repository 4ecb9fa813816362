import type { Redis } from 'ioredis';
import type { Runtime } from '../runtime';
import { RedisAttemptLimiter, SIGN_IN_LIMITS } from '../rate-limit';
import { type InvalidationBus, startInvalidationBus } from './cache-invalidation';
import { applyInvalidation } from './lookup-cache';
import { closeMcpCancellations } from './mcp-cancel';
import { closeSharedRedis, openSharedRedis } from './shared-redis';

/** What several server processes share through REDIS_URL: one connection, the sign-in limiter, invalidations. */
export interface SharedState {
  redis: Redis;
  signInLimiter: RedisAttemptLimiter;
  invalidation: InvalidationBus;
}

/**
 * Connects the runtime to Redis for what every process must see alike: sign-in attempts are counted in
 * Redis, and cache invalidations are published and heard. `runtime` is the runtime being made (the bus
 * drops its cached entries when another process changes something).
 */
export async function openSharedState(url: string, runtime: () => Runtime): Promise<SharedState> {
  const redis = await openSharedRedis(url, 'sign-in attempts count per process');
  const signInLimiter = new RedisAttemptLimiter(redis, SIGN_IN_LIMITS);
  const invalidation = await startInvalidationBus(url, redis, (message) =>
    applyInvalidation(runtime(), message),
  );
  return { redis, signInLimiter, invalidation };
}

/** Closes the runtime's Redis connections (tests, and processes that stop). */
export async function closeSharedState(runtime: Runtime): Promise<void> {
  await closeMcpCancellations(runtime);
  await runtime.invalidation?.close();
  if (runtime.sharedRedis) await closeSharedRedis(runtime.sharedRedis);
}
