/** Counts failures per key and refuses further tries for a growing delay once a key fails too often. */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; firstAt: number; blockedUntil: number }>();

  constructor(
    private readonly options: {
      freeAttempts: number;
      windowMs: number;
      baseDelayMs: number;
      maxDelayMs: number;
    },
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the caller must wait before trying `key` again (0 = go ahead). */
  retryAfter(key: string): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.firstAt > this.options.windowMs && now >= entry.blockedUntil) {
      this.failures.delete(key);
      return 0;
    }
    return Math.max(0, entry.blockedUntil - now);
  }

  /** Records a failure; after the free attempts each one doubles the wait. */
  fail(key: string): void {
    const now = this.now();
    const entry = this.failures.get(key) ?? { count: 0, firstAt: now, blockedUntil: 0 };
    entry.count += 1;
    const over = entry.count - this.options.freeAttempts;
    if (over > 0)
      entry.blockedUntil =
        now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (over - 1));
    this.failures.set(key, entry);
    if (this.failures.size > 10_000) this.prune(now);
  }

  /** Forgets a key after a success. */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.failures) {
      if (now - entry.firstAt > this.options.windowMs && now >= entry.blockedUntil) this.failures.delete(key);
    }
  }
}
