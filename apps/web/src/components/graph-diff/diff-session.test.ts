import type { Graph } from '@agentry/engine/graph';
import { describe, expect, it, vi } from 'vitest';
import { createDiffSession } from './diff-session';

const A: Graph = { version: 1, nodes: [], edges: [] };
const B: Graph = { version: 1, nodes: [], edges: [] };

describe('the canvas diff session', () => {
  it('opens a comparison, and calls its onClose when the user closes it, returning the opener', () => {
    const session = createDiffSession();
    const listener = vi.fn();
    session.subscribe(listener);
    const onClose = vi.fn();
    session.show({ before: A, after: B, title: 'v1 → v2', onClose }, 'history-button');
    expect(session.getState().diff?.title).toBe('v1 → v2');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(session.close('user')).toBe('history-button');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(session.getState().diff).toBeNull();
    // Closing again does nothing.
    expect(session.close('user')).toBeUndefined();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('does not call onClose when the owner clears it', () => {
    const session = createDiffSession();
    const onClose = vi.fn();
    session.show({ before: A, after: B, title: 'Proposal', onClose }, 'copilot');
    expect(session.close('owner')).toBe('copilot');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('replaces a comparison with another: the first is told, the new one gets a fresh bar and canvas', () => {
    const session = createDiffSession();
    const first = vi.fn();
    session.show({ before: A, after: B, title: 'Proposal', onClose: first }, 'copilot');
    const { serial, canvasSerial } = session.getState();
    session.show({ before: B, after: A, title: 'v1 → draft' }, 'history-button');
    expect(first).toHaveBeenCalledTimes(1);
    expect(session.getState().serial).toBe(serial + 1);
    expect(session.getState().canvasSerial).toBe(canvasSerial + 1);
    expect(session.close('user')).toBe('history-button');
  });

  it('keeps the first opener when the replacement was opened from the comparison itself', () => {
    const session = createDiffSession();
    session.show({ before: A, after: B, title: 'Proposal 1' }, 'copilot');
    session.show({ before: A, after: B, title: 'Proposal 2' }, undefined);
    expect(session.close('user')).toBe('copilot');
  });

  it('updates a comparison with the same id in place, redrawing only when the graphs change', () => {
    const session = createDiffSession();
    const onClose = vi.fn();
    session.show({ id: 'm1', before: A, after: B, title: 'Proposal', onClose }, 'copilot');
    const { serial, canvasSerial } = session.getState();
    session.show({ id: 'm1', before: A, after: B, title: 'Proposal (accepting…)', onClose }, 'elsewhere');
    expect(session.getState()).toMatchObject({ serial, canvasSerial });
    expect(session.getState().diff?.title).toBe('Proposal (accepting…)');
    session.show({ id: 'm1', before: A, after: A, title: 'Proposal, corrected', onClose }, 'elsewhere');
    expect(session.getState()).toMatchObject({ serial, canvasSerial: canvasSerial + 1 });
    expect(onClose).not.toHaveBeenCalled();
    expect(session.close('user')).toBe('copilot');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('replaces a comparison with another id as a new one', () => {
    const session = createDiffSession();
    const onClose = vi.fn();
    session.show({ id: 'm1', before: A, after: B, title: 'Proposal 1', onClose }, 'copilot');
    session.show({ id: 'm2', before: A, after: B, title: 'Proposal 2' }, 'copilot');
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(session.getState().serial).toBe(2);
  });
});
