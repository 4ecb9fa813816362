/** The outcome of counting one request. */
export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts events per key in a window, with the limit given per call (it comes from each agent's settings).
 * In memory (`memoryWindowLimiter`) or shared by every process through Redis (`redisWindowLimiter`).
 */
export interface WindowLimiter {
  /** Records one event for `key` unless it already had `limit` in the window. */
  hit(key: string, limit: number): Promise<RateLimitResult>;
  /** Gives back an event counted for `key` (the request was refused for another reason). */
  undo(key: string): Promise<void>;
}

/** A `WindowLimiter` in this process's memory: exact sliding windows, counted per process. */
export function memoryWindowLimiter(windowMs: number, now: () => number = Date.now): WindowLimiter {
  const limiter = new SlidingWindowLimiter(windowMs, now);
  return {
    hit: async (key, limit) => limiter.hit(key, limit),
    undo: async (key) => limiter.undo(key),
  };
}

/**
 * Counts events per key in a sliding window held in memory: exact for the small per-minute limits of
 * public chats (at most `limit` timestamps per key). Each process counts its own share; with REDIS_URL
 * the public chat counts through Redis instead (`redis-window-limiter.ts`).
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Records one event for `key` unless it already had `limit` in the window. */
  hit(key: string, limit: number): RateLimitResult {
    const now = this.now();
    const since = now - this.windowMs;
    let times = this.hits.get(key);
    if (times) {
      let drop = 0;
      while (drop < times.length && times[drop]! <= since) drop++;
      if (drop) times.splice(0, drop);
    } else {
      times = [];
      if (this.hits.size >= this.maxKeys) this.prune(since);
      this.hits.set(key, times);
    }
    if (times.length >= limit) {
      const retryAfterMs = times[times.length - limit]! + this.windowMs - now;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    times.push(now);
    return { ok: true };
  }

  /** Gives back an event counted for `key` (the request was refused for another reason). */
  undo(key: string): void {
    this.hits.get(key)?.pop();
  }

  private prune(since: number): void {
    for (const [key, times] of this.hits) if (!times.length || times.at(-1)! <= since) this.hits.delete(key);
    // Still full of live keys: forget the oldest half rather than grow without bound.
    if (this.hits.size >= this.maxKeys) {
      let drop = Math.floor(this.hits.size / 2);
      for (const key of this.hits.keys()) {
        if (drop-- <= 0) break;
        this.hits.delete(key);
      }
    }
  }
}
