'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { PreviewNodeState } from './preview-panel';
import { PreviewChatStore, type PreviewState } from './preview-chat-store';

/**
 * One PreviewChatStore per agent for the panel's life: it restores the tab's conversation (and
 * reattaches to its last run) on mount, and stops reading on unmount. Node states go to the canvas
 * through the latest `onNodeState`.
 */
export function usePreviewChat(
  agentId: string,
  onNodeState: (nodeId: string, state: PreviewNodeState) => void,
): { store: PreviewChatStore; state: PreviewState } {
  const callback = useRef(onNodeState);
  callback.current = onNodeState;
  const [store] = useState(
    () =>
      new PreviewChatStore({
        agentId,
        storage: typeof window === 'undefined' ? undefined : window.sessionStorage,
        onNodeState: (nodeId, state) => callback.current(nodeId, state),
      }),
  );
  useEffect(() => {
    void store.restore();
    return () => store.stop();
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  return { store, state };
}
