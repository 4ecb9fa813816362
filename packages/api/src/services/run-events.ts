import { runEvents } from '@agentry/db';
import { and, asc, eq, gt } from '@agentry/db/drizzle';
import type { EngineEvent } from '@agentry/engine';
import type { Runtime } from '../runtime';

/** A stored row of a run's events: one event, several text deltas of one node merged, or a batch of those. */
export interface StoredRunEvent {
  seq: number;
  event: unknown;
}

/** Events that stream text of one node (its answer, or its reasoning), merged when stored. */
type DeltaEvent = Extract<EngineEvent, { type: 'node-delta' | 'node-reasoning' }>;

/**
 * Text (or reasoning) deltas of one node with consecutive numbers, stored as one event: `seq` is the
 * last number it covers, `fromSeq` the first, `lengths` the size of each original delta, so a reader that
 * saw part of them gets exactly the rest.
 */
type MergedDelta = DeltaEvent & { fromSeq: number; lengths: number[] };

function isDelta(event: { type: string }): event is DeltaEvent {
  return event.type === 'node-delta' || event.type === 'node-reasoning';
}

/** Longest an event waits in memory before it is stored (a reader elsewhere sees it then). */
const FLUSH_MS = 500;

/** Several events stored as one row: `seq` of the row is the last one's. */
interface StoredBatch {
  type: 'batch';
  events: StoredRunEvent[];
}

/**
 * Turns a run's events into rows to store. Events are held for up to FLUSH_MS and stored together as
 * one row (`StoredBatch`), with the text deltas of one node merged, so a streamed answer costs a row or
 * two, not one per event: each row was about a tenth of a millisecond of the embedded database's work
 * on the server's thread. `onDue` is called when held events have waited FLUSH_MS with nothing new
 * (a long tool call), so they are stored then. Live readers in this process get every event directly;
 * only replays and readers in other processes read the rows.
 */
export class RunEventRecorder {
  private held: StoredRunEvent[] = [];
  private merged: MergedDelta | undefined;
  private heldSince = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onDue?: () => void) {}

  /** Adds an event; returns the rows ready to store now (none while they may still wait). */
  add(event: EngineEvent): StoredRunEvent[] {
    if (this.held.length === 0 && !this.merged) this.startHolding();
    const open = this.merged;
    if (
      isDelta(event) &&
      open &&
      open.type === event.type &&
      open.nodeId === event.nodeId &&
      open.seq + 1 === event.seq
    ) {
      open.delta += event.delta;
      open.lengths.push(event.delta.length);
      open.seq = event.seq;
    } else {
      this.closeMerged();
      if (isDelta(event)) this.merged = { ...event, fromSeq: event.seq, lengths: [event.delta.length] };
      else this.held.push({ seq: event.seq, event: withoutSeq(event) });
    }
    return performance.now() - this.heldSince >= FLUSH_MS ? this.drain() : [];
  }

  /** The rows still held, as one row (or none). */
  drain(): StoredRunEvent[] {
    this.closeMerged();
    clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    if (held.length <= 1) return held;
    const batch: StoredBatch = { type: 'batch', events: held };
    return [{ seq: held.at(-1)!.seq, event: batch }];
  }

  private startHolding(): void {
    this.heldSince = performance.now();
    if (!this.onDue) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onDue?.();
    }, FLUSH_MS);
    this.timer.unref?.();
  }

  private closeMerged(): void {
    const open = this.merged;
    if (!open) return;
    this.merged = undefined;
    const { seq, ...event } = open;
    // One delta needs no bookkeeping of its parts.
    if (open.lengths.length === 1)
      this.held.push({ seq, event: { ...event, fromSeq: undefined, lengths: undefined } });
    else this.held.push({ seq, event });
  }
}

/** The events a stored row holds, each with its number (a batch's events, or the row's one event). */
export function eventsOfRow(row: StoredRunEvent): StoredRunEvent[] {
  const event = row.event as Partial<StoredBatch> & { type: string };
  return event.type === 'batch' && Array.isArray(event.events) ? event.events : [row];
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
  return eventsOfRow(row).flatMap((stored) => expandOne(stored, after));
}

function expandOne(row: StoredRunEvent, after: number): EngineEvent[] {
  const event = row.event as Partial<MergedDelta> & { type: string };
  if (!isDelta(row.event as { type: string }) || !event.lengths || event.fromSeq === undefined) {
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
