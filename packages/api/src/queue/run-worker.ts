import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime';
import { executeRun, type PreparedRun } from '../services/runs';
import { cancelChannel, cancelKey, DEFAULT_QUEUE_NAMES, eventsKey, type QueueNames } from './run-queue';

/** A running queue worker. */
export interface RunWorker {
  close(): Promise<void>;
}

/** How long a run's event stream is kept after the run ends (for slow readers). */
const STREAM_TTL_SECONDS = 3600;

/**
 * Takes runs from the Redis queue and executes them with `executeRun`, writing each event to the run's
 * Redis stream. Cancellations arrive on a pub/sub channel (and as a key, for runs cancelled before
 * they started) and abort the run, which aborts its provider requests.
 */
export async function startRunWorker(
  runtime: Runtime,
  options: { redisUrl: string; concurrency?: number; names?: QueueNames },
): Promise<RunWorker> {
  const names = options.names ?? DEFAULT_QUEUE_NAMES;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const subscriber = connection.duplicate();
  const controllers = new Map<string, AbortController>();
  await subscriber.subscribe(cancelChannel(names));
  subscriber.on('message', (_channel, runId: string) => controllers.get(runId)?.abort());

  const worker = new Worker<PreparedRun>(
    names.queue,
    async (job: Job<PreparedRun>) => {
      const prepared = job.data;
      const controller = new AbortController();
      controllers.set(prepared.runId, controller);
      const key = eventsKey(names, prepared.runId);
      try {
        if (await connection.exists(cancelKey(names, prepared.runId))) controller.abort();
        for await (const event of executeRun(runtime, prepared, { signal: controller.signal })) {
          await connection.xadd(key, 'MAXLEN', '~', '10000', '*', 'e', JSON.stringify(event));
        }
      } finally {
        controllers.delete(prepared.runId);
        await connection.expire(key, STREAM_TTL_SECONDS);
      }
    },
    { connection: connection.duplicate(), concurrency: options.concurrency ?? 8 },
  );
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      subscriber.disconnect();
      connection.disconnect();
    },
  };
}
