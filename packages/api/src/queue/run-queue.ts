import type { EngineEvent } from '@agentry/engine';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { PreparedRun } from '../services/runs';

/** Sends prepared runs to queue workers and reads their events back. */
export interface RunQueue {
  /** Queues the run; the iterable yields its events as the worker produces them. Stopping early cancels it. */
  enqueue(prepared: PreparedRun, signal?: AbortSignal): AsyncIterable<EngineEvent>;
  close(): Promise<void>;
}

/** Names shared by the queue and its workers. */
export interface QueueNames {
  /** BullMQ queue name (tests use their own). */
  queue: string;
}

/** The default queue of runs. */
export const DEFAULT_QUEUE_NAMES: QueueNames = { queue: 'agentry-runs' };

/** Redis key of a run's event stream. */
export const eventsKey = (names: QueueNames, runId: string) => `${names.queue}:events:${runId}`;
/** Redis key that marks a run as cancelled. */
export const cancelKey = (names: QueueNames, runId: string) => `${names.queue}:cancel:${runId}`;
/** Channel on which cancellations are announced to workers. */
export const cancelChannel = (names: QueueNames) => `${names.queue}:cancel`;

/** How long a reader waits: for a worker to take the run, and for the next event of a taken run. */
export interface QueueTimeouts {
  pickupMs: number;
  idleMs: number;
}

const DEFAULT_TIMEOUTS: QueueTimeouts = { pickupMs: 30_000, idleMs: 180_000 };

/** A failure the queue reports itself; it follows the last event the reader got (`seq`). */
function failure(prepared: PreparedRun, message: string, seq: number): EngineEvent {
  return {
    seq: seq + 1,
    type: 'run-error',
    runId: prepared.runId,
    code: 'queue_unavailable',
    message,
    partialAnswer: '',
    usage: { inputTokens: 0, outputTokens: 0 },
    durationMs: 0,
  };
}

/**
 * A run queue on Redis: runs go to BullMQ, and each run's events come back on a Redis stream that the
 * caller reads with XREAD. The run's database records are written by the worker, exactly as in-process.
 */
export function createRedisRunQueue(
  redisUrl: string,
  names: QueueNames = DEFAULT_QUEUE_NAMES,
  timeouts: QueueTimeouts = DEFAULT_TIMEOUTS,
): RunQueue {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
  const queue = new Queue<PreparedRun>(names.queue, { connection });

  async function cancel(runId: string): Promise<void> {
    await connection.set(cancelKey(names, runId), '1', 'EX', 3600);
    await connection.publish(cancelChannel(names), runId);
  }

  async function* read(prepared: PreparedRun, signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    const key = eventsKey(names, prepared.runId);
    const reader = connection.duplicate();
    let finished = false;
    const onAbort = () => void cancel(prepared.runId);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await queue.add('run', prepared, { jobId: prepared.runId, removeOnComplete: true, removeOnFail: 1000 });
      let lastId = '0';
      let lastEventAt = Date.now();
      let taken = false;
      let lastSeq = 0;
      while (!finished) {
        if (signal?.aborted) return;
        const reply = (await reader.xread('BLOCK', 1000, 'STREAMS', key, lastId)) as
          | [string, [string, string[]][]][]
          | null;
        const entries = reply?.[0]?.[1] ?? [];
        for (const [id, fields] of entries) {
          lastId = id;
          taken = true;
          lastEventAt = Date.now();
          const event = JSON.parse(fields[1] ?? '{}') as EngineEvent;
          lastSeq = event.seq ?? lastSeq;
          if (event.type === 'run-end' || event.type === 'run-error') finished = true;
          yield event;
          if (finished) break;
        }
        if (finished || entries.length > 0) continue;
        const waited = Date.now() - lastEventAt;
        if (!taken && waited > timeouts.pickupMs) {
          const state = await queue.getJobState(prepared.runId);
          if (state === 'waiting' || state === 'prioritized' || state === 'delayed') {
            finished = true;
            await queue.remove(prepared.runId).catch(() => undefined);
            yield failure(
              prepared,
              'No queue worker took the run. REDIS_URL is set, so runs need a worker: start one with `pnpm agentry worker`.',
              lastSeq,
            );
          }
        } else if (taken && waited > timeouts.idleMs) {
          finished = true;
          yield failure(
            prepared,
            'The queue worker stopped reporting on this run (it may have crashed).',
            lastSeq,
          );
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!finished) await cancel(prepared.runId);
      reader.disconnect();
    }
  }

  return {
    enqueue: (prepared, signal) => read(prepared, signal),
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
