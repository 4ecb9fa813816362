'use client';

import { type RefObject, useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type { CanvasDiff } from '../builder/builder-context';
import type { DiffCanvasHandle } from './diff-canvas';
import { createDiffSession, type DiffSessionState } from './diff-session';

/** The builder's comparison: its state, the seam's `showDiff`/`clearDiff`, and the user's close. */
export interface DiffSessionControls {
  state: DiffSessionState;
  showDiff(diff: CanvasDiff): void;
  /** The owner closes it: no `onClose`. */
  clearDiff(): void;
  /** The user closes it (Close, Escape, an edit that needs the editor): `onClose` is called. */
  closeDiff(): void;
  /** The element around the comparison (its bar and canvas), to tell focus inside it from focus elsewhere. */
  overlayRef: RefObject<HTMLDivElement | null>;
  /** The comparison's canvas (Fit view). */
  canvasRef: RefObject<DiffCanvasHandle | null>;
}

/**
 * One builder's comparison: remembers where the focus was when it opened and puts it back when it
 * closes (or on `fallback`, when that element is gone).
 */
export function useDiffSession(fallback: RefObject<HTMLElement | null>): DiffSessionControls {
  const [session] = useState(createDiffSession);
  const state = useSyncExternalStore(session.subscribe, session.getState, session.getState);
  const overlayRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<DiffCanvasHandle>(null);

  const showDiff = useCallback(
    (diff: CanvasDiff) => {
      const active = document.activeElement;
      session.show(diff, active && overlayRef.current?.contains(active) ? undefined : active);
    },
    [session],
  );
  const close = useCallback(
    (by: 'user' | 'owner') => {
      const opener = session.close(by);
      if (opener === undefined) return;
      // After React has drawn the editor again (it was inert while the comparison showed).
      requestAnimationFrame(() => {
        const target =
          opener instanceof HTMLElement &&
          opener !== document.body &&
          opener.isConnected &&
          !opener.closest('[inert]')
            ? opener
            : fallback.current;
        target?.focus();
      });
    },
    [fallback, session],
  );
  const clearDiff = useCallback(() => close('owner'), [close]);
  const closeDiff = useCallback(() => close('user'), [close]);
  return { state, showDiff, clearDiff, closeDiff, overlayRef, canvasRef };
}
