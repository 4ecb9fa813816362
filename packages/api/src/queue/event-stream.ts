import type { EngineEvent } from '@agentry/engine';
import type { Redis } from 'ioredis';

/** Names shared by the queue and its workers. */
export interface QueueNames {
  /** BullMQ queue name; every Redis key of the queue starts with it (AGENTRY_QUEUE_NAME). */
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
/** Redis key naming the one execution of a run that may write its stream (a fencing token). */
export const ownerKey = (names: QueueNames, runId: string) => `${names.queue}:owner:${runId}`;

/** Longest a run's event stream grows (older entries are trimmed; the database keeps every event). */
const STREAM_MAX_LENGTH = '10000';

type StreamEntry = [id: string, fields: string[]];

/** Parses stream entries into their events (each entry holds one event as JSON in field `e`). */
export function parseEntries(entries: StreamEntry[]): { id: string; event: EngineEvent }[] {
  return entries.map(([id, fields]) => ({ id, event: JSON.parse(fields[1] ?? '{}') as EngineEvent }));
}

/** Every event of a run's stream, oldest first (empty when the stream is gone or never existed). */
export async function readStream(connection: Redis, key: string): Promise<EngineEvent[]> {
  const entries = (await connection.xrange(key, '-', '+')) as StreamEntry[];
  return parseEntries(entries).map((entry) => entry.event);
}

/** The number of the first event still in a run's stream, or undefined when there is no stream. */
export async function firstStreamSeq(connection: Redis, key: string): Promise<number | undefined> {
  const entries = (await connection.xrange(key, '-', '+', 'COUNT', 1)) as StreamEntry[];
  return parseEntries(entries)[0]?.event.seq;
}

/**
 * Appends an event to a run's stream only while `token` owns the run (one Lua script, atomic). A worker
 * that lost its run (its lock expired while it was stuck, and another worker took the run over) must
 * not write into the stream the other one continues: its events would be shown twice.
 */
const APPEND_IF_OWNER = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'e', ARGV[2])
return 1`;

/** Writes events to a run's stream as the execution holding `token`; false once another took the run. */
export async function appendOwned(
  connection: Redis,
  names: QueueNames,
  runId: string,
  token: string,
  event: EngineEvent,
): Promise<boolean> {
  const written = await connection.eval(
    APPEND_IF_OWNER,
    2,
    ownerKey(names, runId),
    eventsKey(names, runId),
    token,
    JSON.stringify(event),
    STREAM_MAX_LENGTH,
  );
  return written === 1;
}
