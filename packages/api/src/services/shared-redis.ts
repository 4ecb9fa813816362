import type { Redis } from 'ioredis';
import { logger } from '../logging/process-logger';

/** Longest a new client waits for Redis before its callers fall back to memory (an unreachable Redis). */
const CONNECT_WAIT_MS = 2_000;

/**
 * Opens a Redis client for state the server processes share (limits, cache invalidation). Its
 * timeouts are short and it queues nothing while disconnected, so a slow or missing Redis makes the
 * callers fall back to this process's memory at once rather than hold up requests. The client library
 * is loaded only here, so installs without REDIS_URL never load it. `fallback` says, in the log, what
 * counts per process while Redis is unreachable (said once per outage).
 */
export async function openSharedRedis(url: string, fallback: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1000,
  });
  let warned = false;
  client.on('error', (error: Error) => {
    if (warned) return;
    warned = true;
    // `fallback` is a fixed phrase per client (no data), so the message reads as one sentence.
    logger().warn({ err: error }, `Redis is unreachable; ${fallback} until it is back`);
  });
  client.on('ready', () => {
    warned = false;
  });
  // Commands fail at once while connecting (no offline queue): without this wait, a process's first
  // limited requests would all be counted in its own memory, so N fresh processes allowed N times the limit.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_WAIT_MS);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

/** Closes a client politely, or drops the connection when Redis does not answer. */
export async function closeSharedRedis(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}
