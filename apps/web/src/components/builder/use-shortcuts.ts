'use client';

import { useEffect, useRef } from 'react';

/** What the builder's keyboard shortcuts do. */
export interface ShortcutActions {
  undo(): void;
  redo(): void;
  save(): void;
  copy(): boolean;
  paste(): void;
  selectAll(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z or Ctrl+Y redo, Ctrl/Cmd+S save now, Ctrl/Cmd+C/V copy and paste
 * nodes, Ctrl/Cmd+A select all. Inside text fields only save is taken; the rest is the field's own.
 * (Delete/Backspace are React Flow's.)
 */
export function useShortcuts(actions: ShortcutActions, enabled: boolean): void {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 's') {
        event.preventDefault();
        current.current.save();
        return;
      }
      if (isTyping(event.target) || document.querySelector('dialog[open], [role="dialog"]')) return;
      if (key === 'z' && !event.shiftKey) current.current.undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') current.current.redo();
      else if (key === 'c') {
        // Selected text (a problem message, a preview answer) is copied as text, not as nodes.
        if (window.getSelection()?.toString() || !current.current.copy()) return;
      } else if (key === 'v') current.current.paste();
      else if (key === 'a') current.current.selectAll();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
