import { memoryWindowLimiter, type WindowLimiter } from '../../rate-limit';
import type { Runtime } from '../../runtime';
import { RuntimeSlot } from '../../runtime-slot';
import { closeSharedRedis, openSharedRedis } from '../shared-redis';

/** The public chat's per-minute counters: per client address (by `addressLimitKey`) and per conversation. */
export interface PublicChatLimiters {
  perAddress: WindowLimiter;
  perConversation: WindowLimiter;
  /** Closes the Redis connection, if there is one. */
  close(): Promise<void>;
}

const WINDOW_SECONDS = 60;
const limiters = new RuntimeSlot<Promise<PublicChatLimiters>>('public-chat-limits');

/**
 * With REDIS_URL every server process counts in Redis, so N processes allow a visitor the limit once,
 * not N times; without it the counts are kept in this process's memory. The Redis client is loaded
 * only then, and has short timeouts: when Redis is slow or gone the limiters count in memory for a while
 * rather than hold up chats.
 */
async function createLimiters(runtime: Runtime): Promise<PublicChatLimiters> {
  const { redisUrl } = runtime.config;
  if (!redisUrl) {
    return {
      perAddress: memoryWindowLimiter(WINDOW_SECONDS * 1000),
      perConversation: memoryWindowLimiter(WINDOW_SECONDS * 1000),
      close: async () => {},
    };
  }
  const [client, { redisWindowLimiter }] = await Promise.all([
    openSharedRedis(redisUrl, "the public chat's per-minute limits count per process"),
    import('../../rate-limit/redis-window-limiter'),
  ]);
  return {
    perAddress: redisWindowLimiter(client, { name: 'public-chat:address', windowSeconds: WINDOW_SECONDS }),
    perConversation: redisWindowLimiter(client, {
      name: 'public-chat:conversation',
      windowSeconds: WINDOW_SECONDS,
    }),
    close: () => closeSharedRedis(client),
  };
}

/** The runtime's public chat limiters, created on first use. */
export function publicChatLimiters(runtime: Runtime): Promise<PublicChatLimiters> {
  let created = limiters.get(runtime);
  if (!created) {
    created = createLimiters(runtime);
    limiters.set(runtime, created);
  }
  return created;
}
