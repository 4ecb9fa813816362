import { describe, expect, it } from 'vitest';
import { CodeThreadSlots } from './code-thread-slots';
import { SandboxError } from './sandbox-error';

const limits = { size: 2, perKeyLimit: 1, waitTimeoutMs: 1_000, maxWaiting: 8, maxWaitingPerKey: 4 };

async function failure(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof SandboxError)) throw new Error('expected a SandboxError');
  return error;
}

describe('CodeThreadSlots: sharing threads between keys', () => {
  it('keeps a thread for other keys while one key has many runs', async () => {
    const slots = new CodeThreadSlots(limits);
    const first = await slots.acquire('greedy');
    const greedySecond = slots.acquire('greedy');
    // Before: one FIFO queue, so the greedy key took both threads and the other key waited behind it.
    const other = await slots.acquire('other');
    expect(other).not.toBe(first);
    expect(slots.waitingCount).toBe(1);
    slots.release('greedy', first);
    expect(await greedySecond).toBe(first);
  });

  it('gives a freed thread to the waiting key that holds the fewest, before an older waiter', async () => {
    const slots = new CodeThreadSlots({ ...limits, perKeyLimit: 2 });
    const a1 = await slots.acquire('a');
    const a2 = await slots.acquire('a');
    const order: string[] = [];
    const aWaits = slots.acquire('a').then((slot) => order.push('a') && slot);
    const bWaits = slots.acquire('b').then((slot) => order.push('b') && slot);
    slots.release('a', a1);
    await bWaits;
    expect(order).toEqual(['b']);
    slots.release('a', a2);
    await aWaits;
    expect(order).toEqual(['b', 'a']);
  });

  it('fails a wait that runs out with busy, and frees its place in the queue', async () => {
    const slots = new CodeThreadSlots({ ...limits, size: 1, waitTimeoutMs: 50 });
    const held = await slots.acquire('a');
    const error = await failure(slots.acquire('b'));
    expect(error.code).toBe('busy');
    expect(error.message).toMatch(/All code threads are busy; try again/);
    expect(slots.waitingCount).toBe(0);
    slots.release('a', held);
    expect(await slots.acquire('b')).toBe(held);
  });

  it('bounds the queue, in all and per key', async () => {
    const slots = new CodeThreadSlots({ ...limits, size: 1, maxWaiting: 3, maxWaitingPerKey: 2 });
    const held = await slots.acquire('a');
    const waits = [slots.acquire('a'), slots.acquire('a'), slots.acquire('b')];
    expect((await failure(slots.acquire('a'))).message).toMatch(/Too many code runs are waiting/);
    expect((await failure(slots.acquire('c'))).code).toBe('busy');
    slots.release('a', held);
    // The freed thread goes to b, which has not had one yet, although a queued first.
    const next = await Promise.race(waits.map((wait, index) => wait.then(() => index)));
    expect(next).toBe(2);
  });

  it('leaves the queue when the caller aborts', async () => {
    const slots = new CodeThreadSlots({ ...limits, size: 1 });
    await slots.acquire('a');
    const controller = new AbortController();
    const waiting = slots.acquire('b', controller.signal);
    controller.abort();
    expect((await failure(waiting)).code).toBe('aborted');
    expect(slots.waitingCount).toBe(0);
  });
});
