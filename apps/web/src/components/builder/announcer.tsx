'use client';

import { useSyncExternalStore } from 'react';

// One polite live region for the builder: what a keyboard action did ("Model added", "Connected
// Prompt.prompt to Model.prompt"), so a screen reader hears it without the focus moving.
let message = '';
let serial = 0;
const listeners = new Set<() => void>();

/** Says `text` through the builder's live region (the same text twice is said twice). */
export function announce(text: string): void {
  serial += 1;
  // A zero-width space alternated at the end makes a repeated sentence a change the reader notices.
  message = serial % 2 === 0 ? text : `${text}\u200b`;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const read = () => message;
const readOnServer = () => '';

/** The builder's live region, visually hidden. */
export function Announcer() {
  const text = useSyncExternalStore(subscribe, read, readOnServer);
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="announcer">
      {text}
    </div>
  );
}
