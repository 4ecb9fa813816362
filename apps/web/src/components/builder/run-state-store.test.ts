import { describe, expect, it, vi } from 'vitest';
import { isEdgeActive, runStateStore } from './run-state-store';

describe('runStateStore', () => {
  it('starts idle, marks a run’s nodes waiting, and merges updates per node', () => {
    expect(runStateStore.get('unknown')).toEqual({ status: 'idle' });
    runStateStore.reset(['a', 'b']);
    expect(runStateStore.get('a')).toEqual({ status: 'waiting' });
    runStateStore.update('a', { status: 'running' });
    runStateStore.update('a', { outputPreview: 'Hel' });
    expect(runStateStore.get('a')).toEqual({ status: 'running', outputPreview: 'Hel' });
    runStateStore.update('a', { status: 'done', outputPreview: 'Hello', durationMs: 12 });
    expect(runStateStore.get('a')).toEqual({ status: 'done', outputPreview: 'Hello', durationMs: 12 });
    runStateStore.update('b', { status: 'failed', error: { code: 'node_failed', message: 'Boom' } });
    expect(runStateStore.get('b').error?.message).toBe('Boom');
  });

  it('notifies only the listeners of the node that changed', () => {
    runStateStore.reset(['a', 'b']);
    const onA = vi.fn();
    const onB = vi.fn();
    const onAll = vi.fn();
    const stops = [
      runStateStore.subscribe('a', onA),
      runStateStore.subscribe('b', onB),
      runStateStore.subscribeAll(onAll),
    ];
    runStateStore.update('a', { status: 'running' });
    expect(onA).toHaveBeenCalledTimes(1);
    expect(onB).not.toHaveBeenCalled();
    expect(onAll).toHaveBeenCalledTimes(1);
    // The same state again is not a change.
    runStateStore.update('a', { status: 'running' });
    expect(onA).toHaveBeenCalledTimes(1);
    for (const stop of stops) stop();
    runStateStore.update('a', { status: 'done' });
    expect(onA).toHaveBeenCalledTimes(1);
  });

  it('resets nodes left out of a new run to idle, and everything with an empty list', () => {
    runStateStore.reset(['a', 'b']);
    runStateStore.update('a', { status: 'done' });
    runStateStore.reset(['b']);
    expect(runStateStore.get('a')).toEqual({ status: 'idle' });
    expect(runStateStore.get('b')).toEqual({ status: 'waiting' });
    runStateStore.reset([]);
    expect(runStateStore.get('b')).toEqual({ status: 'idle' });
  });

  it('derives edge activity: active while the source is done and the target running', () => {
    expect(isEdgeActive({ status: 'done' }, { status: 'running' })).toBe(true);
    expect(isEdgeActive({ status: 'running' }, { status: 'waiting' })).toBe(false);
    expect(isEdgeActive({ status: 'done' }, { status: 'done' })).toBe(false);
    expect(isEdgeActive({ status: 'skipped' }, { status: 'running' })).toBe(false);
  });
});

describe('what a node received', () => {
  it('stays with the node when it finishes, and is cleared when the next run starts', () => {
    runStateStore.reset(['prompt']);
    runStateStore.update('prompt', { status: 'running', inputs: { message: 'hello' } });
    runStateStore.update('prompt', { status: 'done', outputPreview: 'Hi there', durationMs: 3 });
    expect(runStateStore.get('prompt')).toMatchObject({
      status: 'done',
      inputs: { message: 'hello' },
      outputPreview: 'Hi there',
    });
    runStateStore.reset(['prompt']);
    expect(runStateStore.get('prompt').inputs).toBeUndefined();
  });
});
