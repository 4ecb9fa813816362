import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { logger } from '../logging/process-logger';

/** The Redis channel every server process listens on for cache entries to drop. */
export const INVALIDATION_CHANNEL = 'agentry:invalidate';

const invalidationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('api-keys'), ids: z.array(z.string()).max(10_000) }),
  z.object({ kind: z.literal('agent'), id: z.string(), publicId: z.string() }),
  z.object({ kind: z.literal('credential'), id: z.string() }),
]);

/** What one process tells every process to forget: revoked keys, a changed agent, a changed credential. */
export type Invalidation = z.infer<typeof invalidationSchema>;

/** Sends invalidations to the other processes and hears theirs. */
export interface InvalidationBus {
  /** Tells every other process (fire and forget: a lost message costs at most the cache's 5 s). */
  publish(message: Invalidation): void;
  /** Unsubscribes and closes the subscriber connection. */
  close(): Promise<void>;
}

// How long start-up waits for the subscription before going on without it (the 5 s cache still bounds
// how stale an entry can be).
const SUBSCRIBE_TIMEOUT_MS = 3_000;

/**
 * Subscribes to the invalidation channel on a connection of its own (a subscribed Redis connection
 * can do nothing else) and calls `apply` for every message another process published. Messages carry
 * this process's random id, so its own come back to it only as an echo, which it ignores. ioredis
 * subscribes again after a reconnect.
 */
export async function startInvalidationBus(
  url: string,
  publisher: Redis,
  apply: (message: Invalidation) => void,
): Promise<InvalidationBus> {
  const { Redis } = await import('ioredis');
  const origin = randomUUID();
  const subscriber = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: SUBSCRIBE_TIMEOUT_MS });
  subscriber.on('error', () => {
    // Reported by the shared command connection's warning; the subscriber reconnects by itself.
  });
  subscriber.on('message', (channel: string, text: string) => {
    if (channel !== INVALIDATION_CHANNEL) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    const envelope = z.object({ origin: z.string(), message: invalidationSchema }).safeParse(parsed);
    if (!envelope.success || envelope.data.origin === origin) return;
    apply(envelope.data.message);
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    subscriber.subscribe(INVALIDATION_CHANNEL),
    new Promise((resolve) => {
      timer = setTimeout(resolve, SUBSCRIBE_TIMEOUT_MS);
    }),
  ])
    .catch((error: unknown) =>
      logger().warn(
        { err: error },
        "Could not subscribe to cache invalidations in Redis; other processes' changes reach this one within 5 s",
      ),
    )
    .finally(() => clearTimeout(timer));
  return {
    publish(message) {
      publisher.publish(INVALIDATION_CHANNEL, JSON.stringify({ origin, message })).catch((error: Error) => {
        logger().warn(
          { err: error },
          'Could not tell other processes through Redis to drop cached entries; they drop them within 5 s',
        );
      });
    },
    async close() {
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
