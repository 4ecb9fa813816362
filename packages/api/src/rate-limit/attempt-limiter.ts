/** A value, or a promise of it: the in-memory limiter answers at once, the Redis one after a round trip. */
export type Awaitable<T> = T | Promise<T>;

/**
 * Counts sign-in attempts per key (email, client address) and remembers recent successes: in this
 * process's memory (`FailureLimiter`), or with REDIS_URL in Redis, shared by every process
 * (`RedisAttemptLimiter`). Callers await every answer.
 */
export interface AttemptLimiter {
  /** Milliseconds the caller must wait before trying `key` again (0 = go ahead). */
  retryAfter(key: string): Awaitable<number>;
  /**
   * Counts one attempt against every key before the work it guards is done, atomically: when any key must
   * still wait, nothing is counted and the wait (milliseconds) is returned; otherwise 0.
   */
  reserve(keys: readonly string[]): Awaitable<number>;
  /** Forgets a key's attempts after a success. */
  succeed(key: string): Awaitable<void>;
  /** Remembers that `key` (an email and an address) succeeded, for `succeededRecently`. */
  rememberSuccess(key: string): Awaitable<void>;
  /** Whether `key` succeeded within the success memory (30 days unless configured). */
  succeededRecently(key: string): Awaitable<boolean>;
}

/** Settings of the in-memory limiter. */
export interface FailureLimiterOptions {
  /** Attempts per window that never wait. */
  freeAttempts: number;
  /** How long attempts are remembered once no wait is pending. */
  windowMs: number;
  /** The wait after the free attempts; each further attempt doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a success is remembered for `succeededRecently` (default 30 days). */
  successMemoryMs?: number;
}

/** How long a success is remembered when the options do not say. */
export const SUCCESS_MEMORY_MS = 30 * 24 * 60 * 60_000;

/** The sign-in limiter's settings: five free attempts, then 2 s doubling up to five minutes. */
export const SIGN_IN_LIMITS: FailureLimiterOptions = {
  freeAttempts: 5,
  windowMs: 15 * 60_000,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
};

// Past this many keys, expired ones are swept. Live ones are kept: evicting them would let a flood of
// made-up keys reset a blocked email's wait.
const MAX_ENTRIES = 10_000;

/**
 * Counts attempts per key in this process. Once a key has used its free attempts, each further one waits
 * a delay that doubles per attempt (up to the maximum); attempts are counted when they are reserved,
 * before the password is checked, so parallel attempts cannot all slip through before the count rises.
 */
export class FailureLimiter implements AttemptLimiter {
  private readonly attempts = new Map<string, { count: number; firstAt: number; blockedUntil: number }>();
  private readonly successes = new Map<string, number>();

  constructor(
    private readonly options: FailureLimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  retryAfter(key: string): number {
    const entry = this.attempts.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.firstAt > this.options.windowMs && now >= entry.blockedUntil) {
      this.attempts.delete(key);
      return 0;
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  reserve(keys: readonly string[]): number {
    const wait = Math.max(0, ...keys.map((key) => this.retryAfter(key)));
    if (wait > 0) return wait;
    for (const key of new Set(keys)) this.fail(key);
    return 0;
  }

  /** Counts one attempt against `key` without checking its wait (the attempt already happened). */
  fail(key: string): void {
    const now = this.now();
    const entry = this.attempts.get(key) ?? { count: 0, firstAt: now, blockedUntil: 0 };
    entry.count += 1;
    const over = entry.count - this.options.freeAttempts;
    if (over >= 0)
      entry.blockedUntil = now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** over);
    this.attempts.delete(key);
    this.attempts.set(key, entry);
    if (this.attempts.size > MAX_ENTRIES) this.prune(now);
  }

  succeed(key: string): void {
    this.attempts.delete(key);
  }

  rememberSuccess(key: string): void {
    this.successes.delete(key);
    this.successes.set(key, this.now());
    // Oldest first (insertion order): dropping them only costs those clients the exemption.
    while (this.successes.size > MAX_ENTRIES) {
      const oldest = this.successes.keys().next().value;
      if (oldest === undefined) break;
      this.successes.delete(oldest);
    }
  }

  succeededRecently(key: string): boolean {
    const at = this.successes.get(key);
    if (at === undefined) return false;
    if (this.now() - at <= (this.options.successMemoryMs ?? SUCCESS_MEMORY_MS)) return true;
    this.successes.delete(key);
    return false;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.attempts) {
      if (now - entry.firstAt > this.options.windowMs && now >= entry.blockedUntil) this.attempts.delete(key);
    }
  }
}
