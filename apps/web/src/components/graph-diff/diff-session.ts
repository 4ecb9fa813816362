import type { CanvasDiff } from '../builder/builder-context';

/** What the main canvas shows: the editor (`diff` null) or a comparison. */
export interface DiffSessionState {
  diff: CanvasDiff | null;
  /** Where the focus was when the comparison opened, to return it there when it closes. */
  opener: unknown;
  /** Bumped for each new comparison (it gets a fresh bar, and the focus moves to it). */
  serial: number;
  /** Bumped whenever the drawn graphs change (the canvas is drawn again). */
  canvasSerial: number;
}

/** The main canvas's comparison and what opening and closing it does; framework-free. */
export interface DiffSession {
  getState(): DiffSessionState;
  subscribe(listener: () => void): () => void;
  /**
   * Shows a comparison. One with the id of the comparison on show updates it in place; any other
   * replaces it (calling the replaced one's `onClose`) and remembers `focused` to return the focus to
   * (undefined: opened from the replaced comparison's own bar, so the focus goes back where that one's
   * came from).
   */
  show(diff: CanvasDiff, focused: unknown): void;
  /**
   * Closes the comparison on show, calling its `onClose` when the user closed it (`'user'`), not when
   * its owner did (`'owner'`). Returns where the focus was when it opened (undefined when none was on show).
   */
  close(by: 'user' | 'owner'): unknown;
}

/** Creates the comparison state of one builder. */
export function createDiffSession(): DiffSession {
  let state: DiffSessionState = { diff: null, opener: null, serial: 0, canvasSerial: 0 };
  const listeners = new Set<() => void>();
  const set = (next: DiffSessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show(diff, focused) {
      const current = state.diff;
      if (current && diff.id !== undefined && current.id === diff.id) {
        const redraw = current.before !== diff.before || current.after !== diff.after;
        set({ ...state, diff, canvasSerial: state.canvasSerial + (redraw ? 1 : 0) });
        return;
      }
      set({
        diff,
        opener: focused !== undefined ? focused : current ? state.opener : null,
        serial: state.serial + 1,
        canvasSerial: state.canvasSerial + 1,
      });
      current?.onClose?.();
    },
    close(by) {
      const current = state.diff;
      if (!current) return undefined;
      const opener = state.opener;
      set({ ...state, diff: null, opener: null });
      if (by === 'user') current.onClose?.();
      return opener;
    },
  };
}
