import { describe, expect, it, vi } from 'vitest';
import { createCaseSelectionStore } from './case-selection';

describe('case selection', () => {
  it('ticks and unticks cases, notifying only on a change', () => {
    const store = createCaseSelectionStore();
    const listener = vi.fn();
    store.subscribe(listener);
    store.forAgent('agent-1');
    store.toggle('a', true);
    store.toggle('b', true);
    store.toggle('a', true);
    expect(store.get()).toEqual(['a', 'b']);
    store.toggle('a', false);
    expect(store.get()).toEqual(['b']);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('starts empty for another agent and keeps the selection for the same one', () => {
    const store = createCaseSelectionStore();
    store.forAgent('agent-1');
    store.set(['a', 'b', 'a']);
    expect(store.get()).toEqual(['a', 'b']);
    store.forAgent('agent-1');
    expect(store.get()).toEqual(['a', 'b']);
    store.forAgent('agent-2');
    expect(store.get()).toEqual([]);
  });

  it('drops deleted cases and keeps the same array when nothing changes', () => {
    const store = createCaseSelectionStore();
    store.set(['a', 'b', 'c']);
    store.retain(['c', 'a', 'z']);
    const kept = store.get();
    expect(kept).toEqual(['a', 'c']);
    store.retain(['a', 'c']);
    // useSyncExternalStore re-renders on a new snapshot; an equal selection must stay the same object.
    expect(store.get()).toBe(kept);
  });

  it('stops notifying after unsubscribe', () => {
    const store = createCaseSelectionStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.toggle('a', true);
    expect(listener).not.toHaveBeenCalled();
  });
});
