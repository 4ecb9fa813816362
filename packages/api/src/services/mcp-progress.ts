import type { ProgressToken, ServerNotification } from '@modelcontextprotocol/sdk/types.js';

/** Fewest milliseconds between two progress notifications of one call (at most ~10 a second). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Turns an answer's text deltas into MCP `notifications/progress`: `progress` is the number of
 * characters streamed so far (it only grows), `message` the text that is new since the last one. Deltas
 * are batched, so a model streaming hundreds of tokens a second costs the client ten messages a second;
 * the first delta goes out at once, later ones within PROGRESS_INTERVAL_MS.
 */
export class ProgressStream {
  private pending = '';
  private chars = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly token: ProgressToken,
    private readonly send: (notification: ServerNotification) => Promise<void>,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
  ) {}

  /** Adds a delta of the answer; it goes out now or with the next batch. */
  push(delta: string): void {
    if (!delta) return;
    this.pending += delta;
    this.chars += delta.length;
    if (this.timer) return;
    const wait = this.lastSentAt + this.intervalMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is pending now; resolves once every notification so far was handed to the transport. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending) {
      const message = this.pending;
      this.pending = '';
      this.lastSentAt = performance.now();
      const notification: ServerNotification = {
        method: 'notifications/progress',
        params: { progressToken: this.token, progress: this.chars, message },
      };
      // In order, and a client that went away must not fail the run.
      this.sending = this.sending.then(() => this.send(notification)).catch(() => undefined);
    }
    return this.sending;
  }

  /** Drops what is pending (the call was cancelled). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = '';
  }
}
