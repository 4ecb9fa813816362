import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from './runtime';

/** Two copies of the same modules, as Next loads them in the instrumentation hook and in the routes. */
async function twoCopies<T>(load: () => Promise<T>): Promise<[T, T]> {
  const first = await load();
  vi.resetModules();
  const second = await load();
  return [first, second];
}

describe('state shared through the runtime', () => {
  it('gives every copy of a module the same live runs, lookups and journal of one runtime', async () => {
    const [a, b] = await twoCopies(async () => ({
      live: await import('./services/live-runs'),
      lookups: await import('./services/lookup-cache'),
      journal: await import('./services/run-journal'),
    }));
    expect(a.live).not.toBe(b.live);
    const runtime = {} as Runtime;
    const other = {} as Runtime;
    expect(a.live.liveRuns(runtime)).toBe(b.live.liveRuns(runtime));
    expect(a.live.liveRuns(other)).not.toBe(a.live.liveRuns(runtime));
    expect(a.lookups.lookups(runtime)).toBe(b.lookups.lookups(runtime));
    expect(a.journal.runJournal(runtime)).toBe(b.journal.runJournal(runtime));

    // A change announced by one copy reaches the listeners another copy registered.
    const heard: string[] = [];
    b.lookups.onAgentChange(runtime, (publicId) => heard.push(publicId));
    a.lookups.applyInvalidation(runtime, { kind: 'agent', id: 'agent-1', publicId: 'pub-1' });
    expect(heard).toEqual(['pub-1']);
  });

  it('recognizes an AppError made by another copy of the module', async () => {
    const [a, b] = await twoCopies(() => import('./errors'));
    expect(a.AppError).not.toBe(b.AppError);
    const error = new a.AppError('rate_limited', 'Slow down.');
    expect(error instanceof b.AppError).toBe(true);
    expect(new Error('plain') instanceof b.AppError).toBe(false);
    expect({ code: 'rate_limited' } instanceof b.AppError).toBe(false);
  });
});
