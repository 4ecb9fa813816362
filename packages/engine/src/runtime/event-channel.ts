/**
 * A single-consumer async queue: the scheduler pushes synchronously, the caller pulls with for-await.
 * No backpressure: events are small and a run produces a bounded number of them.
 */
export class EventChannel<Event> implements AsyncIterable<Event> {
  private buffer: Event[] = [];
  private head = 0;
  private closed = false;
  private waiting: ((result: IteratorResult<Event>) => void) | undefined;

  constructor(private readonly onReturn: () => void) {}

  /** Queues an event (ignored after close). */
  push(event: Event): void {
    if (this.closed) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: event, done: false });
    } else this.buffer.push(event);
  }

  /** Ends the stream once the buffered events are read. */
  close(): void {
    this.closed = true;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<Event> {
    return {
      next: () => {
        if (this.head < this.buffer.length) {
          const value = this.buffer[this.head++]!;
          if (this.head === this.buffer.length) {
            this.buffer = [];
            this.head = 0;
          }
          return Promise.resolve({ value, done: false });
        }
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => {
        // The consumer stopped reading (break, disconnect): cancel the run.
        if (!this.closed) this.onReturn();
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
