import type { EngineEvent } from '@agentry/engine';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { PreparedRun } from '../services/runs';
import {
  cancelChannel,
  cancelKey,
  DEFAULT_QUEUE_NAMES,
  eventsKey,
  firstStreamSeq,
  parseEntries,
  type QueueNames,
} from './event-stream';

export { DEFAULT_QUEUE_NAMES, type QueueNames } from './event-stream';

/** Sends prepared runs to queue workers and reads their events back. */
export interface RunQueue {
  /**
   * Queues the run (a new one, or a continued one with `prepared.resume`); the iterable yields its new
   * events as a worker produces them. Stopping early cancels it.
   */
  enqueue(prepared: PreparedRun, signal?: AbortSignal): AsyncIterable<EngineEvent>;
  /**
   * A run's events from its Redis stream, from the first still there, then live (reattach from any web
   * server); undefined when the run has no stream (never queued, or its stream expired after the run).
   * `stopped` says whether the run's row says it emits nothing more (checked while the stream is quiet).
   */
  follow(
    runId: string,
    options: { signal?: AbortSignal; stopped: () => Promise<boolean> },
  ): Promise<{ firstSeq: number; events: AsyncIterable<EngineEvent> } | undefined>;
  /** How many of the queue's jobs are in each state now (for `agentry_queue_jobs`). */
  jobCounts(): Promise<{ waiting: number; active: number; delayed: number; failed: number }>;
  close(): Promise<void>;
}

/** How long a reader waits: for a worker to take the run, and for the next event of a taken run. */
export interface QueueTimeouts {
  pickupMs: number;
  idleMs: number;
}

const DEFAULT_TIMEOUTS: QueueTimeouts = { pickupMs: 30_000, idleMs: 180_000 };

/** Events after which a run's execution emits nothing more: it ended, waits, or was interrupted. */
function endsExecution(event: EngineEvent): boolean {
  return event.type === 'run-end' || event.type === 'run-error' || event.type === 'run-waiting';
}

/** A pause, not an end: a later execution (an answer, a resume) may add events after it. */
function isPause(event: EngineEvent): boolean {
  return event.type === 'run-waiting' || (event.type === 'run-error' && event.code === 'interrupted');
}

/** The number of the last event before a queued run's execution starts (0 for a new run). */
export function startSeqOf(prepared: PreparedRun): number {
  return prepared.resume ? prepared.resume.checkpoint.seq + prepared.resume.seqOffset : 0;
}

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
    const startSeq = startSeqOf(prepared);
    // A continued run's job needs its own id: the first part's job may still be kept (failed jobs are).
    const jobId = startSeq === 0 ? prepared.runId : `${prepared.runId}-${startSeq}`;
    let finished = false;
    const onAbort = () => void cancel(prepared.runId);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await queue.add('run', prepared, { jobId, removeOnComplete: true, removeOnFail: 1000 });
      let lastId = '0';
      let lastEventAt = Date.now();
      let taken = false;
      let lastSeq = startSeq;
      while (!finished) {
        if (signal?.aborted) return;
        const reply = (await reader.xread('BLOCK', 1000, 'STREAMS', key, lastId)) as
          | [string, [string, string[]][]][]
          | null;
        const entries = parseEntries(reply?.[0]?.[1] ?? []);
        let fresh = 0;
        for (const { id, event } of entries) {
          lastId = id;
          // A continued run's stream holds its earlier parts: this reader wants what comes after.
          if (event.seq <= startSeq) continue;
          fresh++;
          taken = true;
          lastEventAt = Date.now();
          lastSeq = event.seq;
          if (endsExecution(event)) finished = true;
          yield event;
          if (finished) break;
        }
        if (finished || fresh > 0 || entries.length > 0) continue;
        const waited = Date.now() - lastEventAt;
        if (!taken && waited > timeouts.pickupMs) {
          const state = await queue.getJobState(jobId);
          if (state === 'waiting' || state === 'prioritized' || state === 'delayed') {
            finished = true;
            await queue.remove(jobId).catch(() => undefined);
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

  async function* followStream(
    runId: string,
    options: { signal?: AbortSignal; stopped: () => Promise<boolean> },
  ): AsyncGenerator<EngineEvent> {
    const key = eventsKey(names, runId);
    const reader = connection.duplicate();
    type Reply = [string, [string, string[]][]][] | null;
    const next = async (wait: boolean) => {
      const reply = (
        wait
          ? await reader.xread('BLOCK', 1000, 'STREAMS', key, lastId)
          : await reader.xread('STREAMS', key, lastId)
      ) as Reply;
      return parseEntries(reply?.[0]?.[1] ?? []);
    };
    let lastId = '0';
    let paused = false;
    try {
      while (!options.signal?.aborted) {
        let entries = await next(true);
        if (entries.length === 0) {
          // Quiet: a run paused at its last event, or whose row says it stopped, ends here unless one
          // more look (its row may have changed just after its last event was written) finds more.
          if (!paused && !(await options.stopped())) continue;
          entries = await next(false);
          if (entries.length === 0) return;
        }
        for (const { id, event } of entries) {
          lastId = id;
          yield event;
          if (endsExecution(event) && !isPause(event)) return;
        }
        paused = isPause(entries.at(-1)!.event);
      }
    } finally {
      reader.disconnect();
    }
  }

  return {
    enqueue: (prepared, signal) => read(prepared, signal),
    async follow(runId, options) {
      const firstSeq = await firstStreamSeq(connection, eventsKey(names, runId));
      if (firstSeq === undefined) return undefined;
      return { firstSeq, events: followStream(runId, options) };
    },
    async jobCounts() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
