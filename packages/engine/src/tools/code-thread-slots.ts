import { SandboxError } from './sandbox-error';

/** How the code threads are shared between callers. */
export interface CodeThreadLimits {
  /** Threads in the pool. */
  size: number;
  /** Threads one key (a workspace, an agent) may hold at once, so others always find one. */
  perKeyLimit: number;
  /** Longest wait for a thread before the call fails with `busy`. */
  waitTimeoutMs: number;
  /** Calls that may wait at once, in all. */
  maxWaiting: number;
  /** Calls one key may have waiting at once. */
  maxWaitingPerKey: number;
}

interface Waiter {
  key: string;
  grant(slot: number): void;
}

const BUSY_MESSAGE = 'All code threads are busy; try again in a moment.';

/**
 * Hands out thread slots fairly: a key holds at most `perKeyLimit` slots, a freed slot goes to the
 * waiting key that holds the fewest (among equals, the one served longest ago), and a wait is bounded in
 * time and in length, so one busy tenant can neither take every thread nor queue without end.
 */
export class CodeThreadSlots {
  private readonly free: number[];
  private readonly running = new Map<string, number>();
  /** When each key with runs or waiters last got a slot: among equals, the longest unserved goes first. */
  private readonly lastServed = new Map<string, number>();
  private grants = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: CodeThreadLimits) {
    this.free = Array.from({ length: limits.size }, (_, slot) => slot);
  }

  /** A slot for `key`, now or when one frees up; rejects with `busy` or `aborted`. */
  acquire(key: string, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.free.length > 0 && this.held(key) < this.limits.perKeyLimit)
      return Promise.resolve(this.take(key));
    const queuedForKey = this.waiting.filter((waiter) => waiter.key === key).length;
    if (this.waiting.length >= this.limits.maxWaiting || queuedForKey >= this.limits.maxWaitingPerKey) {
      return Promise.reject(new SandboxError('busy', `${BUSY_MESSAGE} (Too many code runs are waiting.)`));
    }
    return new Promise<number>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        this.forgetIdle(key);
      };
      const waiter: Waiter = {
        key,
        grant: (slot) => {
          leave();
          resolve(slot);
        },
      };
      const onAbort = () => {
        leave();
        reject(abortedError());
      };
      const timer = setTimeout(() => {
        leave();
        reject(
          new SandboxError('busy', `${BUSY_MESSAGE} (Waited ${this.limits.waitTimeoutMs} ms for a thread.)`),
        );
      }, this.limits.waitTimeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Gives a slot back and hands it on to the fairest waiter. */
  release(key: string, slot: number): void {
    const held = this.held(key) - 1;
    if (held > 0) this.running.set(key, held);
    else this.running.delete(key);
    this.forgetIdle(key);
    this.free.push(slot);
    this.dispatch();
  }

  /** Waiting calls, for health checks and tests. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  private dispatch(): void {
    while (this.free.length > 0) {
      let chosen: Waiter | undefined;
      for (const waiter of this.waiting) {
        const held = this.held(waiter.key);
        if (held >= this.limits.perKeyLimit) continue;
        if (chosen === undefined || this.before(waiter.key, chosen.key)) chosen = waiter;
      }
      if (chosen === undefined) return;
      chosen.grant(this.take(chosen.key));
    }
  }

  /** Whether `key` deserves a slot before `other`: it holds fewer, or as many and waited longer since. */
  private before(key: string, other: string): boolean {
    const held = this.held(key);
    const otherHeld = this.held(other);
    if (held !== otherHeld) return held < otherHeld;
    return (this.lastServed.get(key) ?? -1) < (this.lastServed.get(other) ?? -1);
  }

  private forgetIdle(key: string): void {
    if (this.held(key) === 0 && !this.waiting.some((waiter) => waiter.key === key))
      this.lastServed.delete(key);
  }

  private take(key: string): number {
    this.running.set(key, this.held(key) + 1);
    this.lastServed.set(key, this.grants++);
    return this.free.shift()!;
  }

  private held(key: string): number {
    return this.running.get(key) ?? 0;
  }
}

function abortedError(): SandboxError {
  return new SandboxError('aborted', 'The code run was cancelled while it waited for a thread.');
}
