import type { EngineEvent } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';

/** How long a run whose last reader went away waits for one to reattach before it is cancelled. */
export const REATTACH_GRACE_MS = 5_000;

/** Whose a live run is. */
export interface LiveRunOwner {
  workspaceId: string;
  agentId: string;
  conversationId: string;
  source: string;
}

/**
 * A run executing in this process: every event it emitted so far (readers here replay from memory and
 * follow live, with no database read) and who is reading it.
 */
export class LiveRun {
  readonly events: EngineEvent[] = [];
  private listeners = new Set<() => void>();
  private readers = 0;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  ended = false;

  constructor(
    readonly runId: string,
    /** Whose run it is, for access checks before its row is written. */
    readonly owner: LiveRunOwner,
    /** Cancels the run (a reader-bound run whose readers all left); absent: the run goes on alone. */
    private readonly cancel?: () => void,
    /** Events up to this number were stored by an earlier part of the run (before a wait or a restart). */
    readonly startSeq = 0,
  ) {}

  /** Adds an event and wakes the readers. */
  push(event: EngineEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) listener();
  }

  /** The run emitted its last event. */
  end(): void {
    this.ended = true;
    clearTimeout(this.graceTimer);
    for (const listener of this.listeners) listener();
  }

  /** Yields the events after `after`, then follows live until the run ends or `signal` aborts. */
  async *follow(after: number, signal?: AbortSignal): AsyncGenerator<EngineEvent> {
    for await (const batch of this.followBatches(after, signal)) yield* batch;
  }

  /**
   * `follow`, yielding at each step every event that arrived meanwhile (those a turn of the event loop
   * produced together: a model's tokens come in batches), so a reader handles them in one go.
   */
  async *followBatches(after: number, signal?: AbortSignal): AsyncGenerator<EngineEvent[]> {
    this.attach();
    let index = this.events.findIndex((event) => event.seq > after);
    if (index === -1) index = this.events.length;
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    this.listeners.add(listener);
    signal?.addEventListener('abort', listener);
    try {
      while (!signal?.aborted) {
        if (index < this.events.length) {
          const batch = this.events.slice(index);
          index = this.events.length;
          yield batch;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener('abort', listener);
      this.detach();
    }
  }

  /** A reader starts reading (stops a pending cancellation). */
  attach(): void {
    this.readers++;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  /** A reader stopped; with none left, a reader-bound run is cancelled unless one comes back in time. */
  detach(): void {
    this.readers = Math.max(0, this.readers - 1);
    if (this.readers > 0 || this.ended || !this.cancel) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => {
      if (this.readers === 0 && !this.ended) this.cancel?.();
    }, REATTACH_GRACE_MS);
    this.graceTimer.unref?.();
  }
}

const registries = new RuntimeSlot<Map<string, LiveRun>>('live-runs');

/** The runs executing in this process, by id. */
export function liveRuns(runtime: Runtime): Map<string, LiveRun> {
  let runs = registries.get(runtime);
  if (!runs) {
    runs = new Map();
    registries.set(runtime, runs);
  }
  return runs;
}
