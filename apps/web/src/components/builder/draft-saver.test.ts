import type { Graph } from '@agentry/engine/graph';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DraftConflictError, DraftSaver } from './draft-saver';
import { createEditorStore } from './editor-store';

const graph: Graph = {
  version: 1,
  nodes: [{ id: 'chat-input', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } }],
  edges: [],
};

class Conflict extends Error {
  constructor(readonly current: number) {
    super('conflict');
  }
}

type Send = (request: {
  graph: Graph;
  baseRevision: number;
  force: boolean;
}) => Promise<{ revision: number }>;

function setup(send = vi.fn<Send>(async ({ baseRevision }) => ({ revision: baseRevision + 1 }))) {
  const store = createEditorStore(graph);
  const saver = new DraftSaver({
    store,
    revision: 1,
    send,
    conflictRevision: (error) => (error instanceof Conflict ? error.current : undefined),
    describe: (error) => (error as Error).message,
    delayMs: 100,
  });
  saver.start();
  return { store, saver, send };
}

describe('DraftSaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after a burst of edits, against the revision it last saw', async () => {
    const { store, saver, send } = setup();
    store.addNode('prompt', { x: 0, y: 0 });
    store.addNode('model', { x: 0, y: 0 });
    expect(saver.getState().status).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(150);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]![0]).toMatchObject({ baseRevision: 1, force: false });
    expect(saver.getState()).toMatchObject({ status: 'saved', revision: 2 });
    store.addNode('memory', { x: 0, y: 0 });
    await saver.flush();
    expect(send.mock.calls[1]![0]).toMatchObject({ baseRevision: 2 });
  });

  it('stops on a conflict until the person saves over or adopts theirs', async () => {
    const send = vi.fn<Send>(async ({ force }) => {
      if (!force) throw new Conflict(5);
      return { revision: 6 };
    });
    const { store, saver } = setup(send);
    store.addNode('prompt', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(150);
    expect(saver.getState()).toMatchObject({ status: 'conflict', conflictRevision: 5 });
    // More edits do not autosave while the conflict is open, and flush refuses.
    store.addNode('model', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(500);
    expect(send).toHaveBeenCalledTimes(1);
    await expect(saver.flush()).rejects.toBeInstanceOf(DraftConflictError);
    await saver.saveOver();
    expect(send.mock.calls[1]![0]).toMatchObject({ force: true });
    expect(saver.getState()).toMatchObject({ status: 'saved', revision: 6 });
    expect(saver.isDirty()).toBe(false);
  });

  it('reports other failures and retries on the next edit', async () => {
    let fail = true;
    const send = vi.fn<Send>(async () => {
      if (fail) throw new Error('Server down');
      return { revision: 2 };
    });
    const { store, saver } = setup(send);
    store.addNode('prompt', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(150);
    expect(saver.getState()).toMatchObject({ status: 'error', error: 'Server down' });
    fail = false;
    store.addNode('model', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(150);
    expect(saver.getState().status).toBe('saved');
  });

  it('adopts a revision loaded from the server as saved', async () => {
    const { store, saver, send } = setup();
    store.replaceGraph(graph);
    saver.adopt(9);
    await vi.advanceTimersByTimeAsync(500);
    expect(send).not.toHaveBeenCalled();
    expect(saver.getState()).toMatchObject({ status: 'saved', revision: 9 });
  });
});
