import type { Redis } from 'ioredis';

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
    console.warn(`[redis] Redis is unreachable; ${fallback} until it is back: ${error.message}`);
  });
  client.on('ready', () => {
    warned = false;
  });
  return client;
}

/** Closes a client politely, or drops the connection when Redis does not answer. */
export async function closeSharedRedis(client: Redis): Promise<void> {
  await client.quit().catch(() => client.disconnect());
}
