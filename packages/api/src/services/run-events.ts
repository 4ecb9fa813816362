import { runEvents } from '@agentry/db';
import { and, asc, eq, gt } from '@agentry/db/drizzle';
import type { EngineEvent } from '@agentry/engine';
import type { Runtime } from '../runtime';

/** A stored row of a run's events: one event, or several text deltas of one node merged. */
export interface StoredRunEvent {
  seq: number;
  event: unknown;
}

/**
 * Text deltas of one node with consecutive numbers, stored as one event: `seq` is the last number it
 * covers, `fromSeq` the first, `lengths` the size of each original delta, so a reader that saw part of
 * them gets exactly the rest.
 */
type MergedDelta = Extract<EngineEvent, { type: 'node-delta' }> & { fromSeq: number; lengths: number[] };

/** Longest a node's streamed text waits in memory before it is stored (a reader elsewhere sees it then). */
const DELTA_FLUSH_MS = 500;

/**
 * Turns a run's events into rows to store: text deltas are merged per node until something else
 * happens or DELTA_FLUSH_MS passes, so a streamed answer costs a few rows, not one per token. Live
 * readers in this process get every event directly; only replays read the rows.
 */
export class RunEventRecorder {
  private merged: MergedDelta | undefined;
  private mergedSince = 0;

  /** Adds an event; returns the rows ready to store now (none while a node's text keeps coming). */
  add(event: EngineEvent): StoredRunEvent[] {
    if (event.type === 'node-delta') {
      const open = this.merged;
      if (open && open.nodeId === event.nodeId && open.seq + 1 === event.seq) {
        open.delta += event.delta;
        open.lengths.push(event.delta.length);
        open.seq = event.seq;
        return performance.now() - this.mergedSince >= DELTA_FLUSH_MS ? this.drain() : [];
      }
      const rows = this.drain();
      this.merged = { ...event, fromSeq: event.seq, lengths: [event.delta.length] };
      this.mergedSince = performance.now();
      return rows;
    }
    const rows = this.drain();
    rows.push({ seq: event.seq, event: withoutSeq(event) });
    return rows;
  }

  /** The rows still held (the merged text so far). */
  drain(): StoredRunEvent[] {
    const open = this.merged;
    if (!open) return [];
    this.merged = undefined;
    const { seq, ...event } = open;
    // One delta needs no bookkeeping of its parts.
    if (open.lengths.length === 1)
      return [{ seq, event: { ...event, fromSeq: undefined, lengths: undefined } }];
    return [{ seq, event }];
  }
}

function withoutSeq(event: EngineEvent): unknown {
  const { seq: _seq, ...rest } = event;
  return rest;
}

/**
 * A stored row as the events a reader who saw everything up to `after` still needs: a merged delta that
 * straddles `after` is cut there (a reader replaying from the start gets it whole, with its last number).
 */
export function expandStoredEvent(row: StoredRunEvent, after: number): EngineEvent[] {
  const event = row.event as Partial<MergedDelta> & { type: string };
  if (event.type !== 'node-delta' || !event.lengths || event.fromSeq === undefined) {
    return [{ ...(row.event as object), seq: row.seq } as EngineEvent];
  }
  const { fromSeq, lengths, ...delta } = event as MergedDelta;
  if (after < fromSeq || after >= row.seq) return [{ ...delta, seq: row.seq }];
  // The part up to `after` (seen already), then the rest.
  let seen = 0;
  for (let index = 0; index <= after - fromSeq; index++) seen += lengths[index] ?? 0;
  return [
    { ...delta, delta: delta.delta.slice(0, seen), seq: after },
    { ...delta, delta: delta.delta.slice(seen), seq: row.seq },
  ];
}

/** The stored events of a run after `fromSeq`, in order (merged deltas as stored). */
export async function readStoredEvents(
  runtime: Runtime,
  runId: string,
  fromSeq = 0,
): Promise<StoredRunEvent[]> {
  return runtime.db
    .select({ seq: runEvents.seq, event: runEvents.event })
    .from(runEvents)
    .where(and(eq(runEvents.runId, runId), gt(runEvents.seq, fromSeq)))
    .orderBy(asc(runEvents.seq));
}
