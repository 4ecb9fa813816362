'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** Which chat sits beside the canvas: one at a time, like the side panel. */
export type BesidePanel = 'preview' | 'copilot' | null;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageKey = (agentId: string) => `agentry:copilot-open:${agentId}`;

/**
 * Per agent: which chat is beside the canvas, and a request waiting for the Copilot panel (the Problems
 * panel's "Fix with Copilot" opens the panel and hands it the text to send). Whether the Copilot is open
 * is remembered per agent across visits (localStorage); the preview starts closed, as before.
 */
export class CopilotDock {
  private beside = new Map<string, BesidePanel>();
  private asks = new Map<string, string>();
  private listeners = new Set<() => void>();

  constructor(private readonly storage: () => Storage | undefined) {}

  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** The chat beside the canvas of an agent (the remembered Copilot on a first look). */
  get(agentId: string): BesidePanel {
    const known = this.beside.get(agentId);
    if (known !== undefined) return known;
    try {
      return this.storage()?.getItem(storageKey(agentId)) === '1' ? 'copilot' : null;
    } catch {
      return null;
    }
  }

  /** Shows a chat beside the canvas (null: none). */
  set(agentId: string, panel: BesidePanel): void {
    this.beside.set(agentId, panel);
    try {
      if (panel === 'copilot') this.storage()?.setItem(storageKey(agentId), '1');
      else this.storage()?.removeItem(storageKey(agentId));
    } catch {
      // Storage blocked: the choice holds for this visit only.
    }
    this.notify();
  }

  /** Opens the Copilot with a request for it to send. */
  ask(agentId: string, text: string): void {
    this.asks.set(agentId, text);
    this.set(agentId, 'copilot');
  }

  /** The request waiting for the panel, if any (it stays until taken). */
  pendingAsk(agentId: string): string | undefined {
    return this.asks.get(agentId);
  }

  /** Takes the waiting request (the panel sends it once). */
  takeAsk(agentId: string): string | undefined {
    const text = this.asks.get(agentId);
    if (text !== undefined) {
      this.asks.delete(agentId);
      this.notify();
    }
    return text;
  }
}

/** The page's dock. */
export const copilotDock = new CopilotDock(() =>
  typeof window === 'undefined' ? undefined : window.localStorage,
);

/** The chat beside an agent's canvas and its setter; nothing on the server's render (no storage there). */
export function useBesidePanel(agentId: string): [BesidePanel, (panel: BesidePanel) => void] {
  const panel = useSyncExternalStore(
    copilotDock.subscribe,
    () => copilotDock.get(agentId),
    () => null,
  );
  const set = useCallback((next: BesidePanel) => copilotDock.set(agentId, next), [agentId]);
  return [panel, set];
}

/** The request waiting for an agent's Copilot panel. */
export function usePendingAsk(agentId: string): string | undefined {
  return useSyncExternalStore(
    copilotDock.subscribe,
    () => copilotDock.pendingAsk(agentId),
    () => undefined,
  );
}
