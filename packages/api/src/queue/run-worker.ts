import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime';
import { MAX_RUN_ATTEMPTS } from '../services/run-recovery';
import { executeRun, type PreparedRun } from '../services/runs';
import {
  appendOwned,
  cancelChannel,
  cancelKey,
  DEFAULT_QUEUE_NAMES,
  eventsKey,
  ownerKey,
  type QueueNames,
  readStream,
} from './event-stream';
import { startSeqOf } from './run-queue';
import { planTakeover } from './run-takeover';

/** A running queue worker. */
export interface RunWorker {
  close(): Promise<void>;
}

/** How long a run's event stream is kept after the run ends (for slow readers). */
const STREAM_TTL_SECONDS = 3600;
/** How long an execution's claim on a run's stream lasts (renewed by each new execution). */
const OWNER_TTL_SECONDS = 24 * 3600;

/**
 * How fast a dead worker's runs are noticed. A worker holds a lock on each job it runs and renews it
 * every LOCK_MS / 2 (BullMQ's heartbeat, on a timer of the worker's event loop); every worker looks for
 * jobs whose lock expired every STALLED_CHECK_MS and puts them back in the queue, where another worker
 * takes them at once. A SIGKILLed worker's runs thus go on after 5–7 s instead of BullMQ's default
 * 30 s + 30 s.
 * The price: a worker whose event loop is blocked for longer than LOCK_MS (runs' CPU-heavy work goes
 * to threads, so this means a sick process) loses its runs to another worker; the fencing token of
 * each run's stream (event-stream.ts) stops it from writing into the stream then, so readers never see
 * an event twice.
 */
export const QUEUE_TIMINGS = { lockMs: 5_000, stalledCheckMs: 2_000 } as const;

/**
 * Takes runs from the Redis queue and executes them with `executeRun`, writing each event to the run's
 * Redis stream. Cancellations arrive on a pub/sub channel (and as a key, for runs cancelled before
 * they started) and abort the run, which aborts its provider requests. A run taken again after the
 * worker that had it died goes on from its latest checkpoint (`planTakeover`); a waiting run ends its
 * job, so it holds no worker while it waits.
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

  async function execute(job: Job<PreparedRun>): Promise<void> {
    const prepared = job.data;
    const { runId } = prepared;
    const key = eventsKey(names, runId);
    // This execution alone writes the run's stream from now on (an earlier, stuck one is fenced off).
    const token = crypto.randomUUID();
    await connection.set(ownerKey(names, runId), token, 'EX', OWNER_TTL_SECONDS);
    const controller = new AbortController();
    controllers.set(runId, controller);
    const write = async (event: Parameters<typeof appendOwned>[4]) => {
      if (await appendOwned(connection, names, runId, token, event)) return true;
      runtime.logger.warn({ runId }, 'A run was taken over by another worker; this one stops');
      return false;
    };
    try {
      let run = prepared;
      const streamed = await readStream(connection, key);
      // Events past this execution's start: an earlier execution of this job took it this far and died.
      if ((streamed.at(-1)?.seq ?? 0) > startSeqOf(prepared)) {
        const takeover = await planTakeover(runtime, prepared, streamed);
        for (const event of takeover.events) if (!(await write(event))) return;
        if (!takeover.continueWith) return;
        run = takeover.continueWith;
      }
      if (await connection.exists(cancelKey(names, runId))) controller.abort();
      const events = executeRun(runtime, run, { signal: controller.signal })[Symbol.asyncIterator]();
      for (let next = await events.next(); !next.done; next = await events.next()) {
        if (!(await write(next.value))) {
          await events.return?.(undefined);
          return;
        }
      }
    } finally {
      controllers.delete(runId);
      await connection.expire(key, STREAM_TTL_SECONDS);
    }
  }

  const worker = new Worker<PreparedRun>(names.queue, execute, {
    connection: connection.duplicate(),
    concurrency: options.concurrency ?? 8,
    lockDuration: QUEUE_TIMINGS.lockMs,
    stalledInterval: QUEUE_TIMINGS.stalledCheckMs,
    // planTakeover fails a run started MAX_RUN_ATTEMPTS times with a message; BullMQ must not drop it first.
    maxStalledCount: MAX_RUN_ATTEMPTS,
  });
  worker.on('error', (error) => runtime.logger.error({ err: error }, 'The run queue failed'));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      subscriber.disconnect();
      connection.disconnect();
    },
  };
}
