/** Settings of a gate: how many run at once, how many may wait, and for how long. */
export interface ConcurrencyGateOptions {
  limit: number;
  maxWaiting: number;
  maxWaitMs: number;
}

interface Waiter {
  start: () => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Lets at most `limit` holders in at once, queues a bounded number of others for a bounded time, and
 * refuses the rest at once: a flood then costs a quick refusal, not an ever-growing queue.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: ConcurrencyGateOptions) {}

  /** True when nobody holds or waits for the gate. */
  get idle(): boolean {
    return this.running === 0 && this.waiting.length === 0;
  }

  /** Holders right now and callers waiting. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /**
   * Resolves with a release function once the caller may go in; rejects with `refusal()` when the queue
   * is full or the wait ran out. Call the release function exactly once.
   */
  acquire(refusal: () => Error): Promise<() => void> {
    if (this.running < this.options.limit) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.maxWaiting) return Promise.reject(refusal());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => resolve(this.releaser()),
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(refusal());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) {
        // The slot passes straight to the next waiter, so `running` stays the same.
        clearTimeout(next.timer);
        next.start();
      } else {
        this.running -= 1;
      }
    };
  }
}

/** One-at-a-time gates per key (an email, an address), created on demand and dropped when idle. */
export class KeyedGates {
  private readonly gates = new Map<string, ConcurrencyGate>();

  constructor(private readonly options: Omit<ConcurrencyGateOptions, 'limit'>) {}

  /** Number of keys with a holder or a waiter (for tests and to see that idle gates are dropped). */
  get size(): number {
    return this.gates.size;
  }

  /**
   * Holds every key's gate at once. Keys are taken in sorted order, so two callers sharing keys never
   * wait on each other in a cycle. Rejects with `refusal()` (holding nothing) when any gate refuses.
   */
  async acquire(keys: readonly string[], refusal: () => Error): Promise<() => void> {
    const releases: (() => void)[] = [];
    const releaseAll = () => {
      for (const release of releases.splice(0).reverse()) release();
    };
    try {
      for (const key of [...new Set(keys)].sort()) {
        let gate = this.gates.get(key);
        if (!gate) {
          gate = new ConcurrencyGate({ ...this.options, limit: 1 });
          this.gates.set(key, gate);
        }
        const release = await gate.acquire(refusal);
        const held = gate;
        releases.push(() => {
          release();
          if (held.idle && this.gates.get(key) === held) this.gates.delete(key);
        });
      }
    } catch (error) {
      releaseAll();
      this.dropIdle(keys);
      throw error;
    }
    return releaseAll;
  }

  private dropIdle(keys: readonly string[]): void {
    for (const key of keys) if (this.gates.get(key)?.idle) this.gates.delete(key);
  }
}
