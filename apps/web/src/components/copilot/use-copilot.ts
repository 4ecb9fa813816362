'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTRPC } from '@/lib/trpc';
import { CopilotStore, type CopilotState } from './copilot-store';

/**
 * One CopilotStore per agent for the panel's life: it reads the stored conversation on mount (always
 * fresh: another tab may have added to it) and stops a streaming turn on unmount.
 */
export function useCopilot(agentId: string): { store: CopilotStore; state: CopilotState } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [store] = useState(
    () =>
      new CopilotStore({
        agentId,
        loadMessages: () =>
          queryClient.fetchQuery({ ...trpc.copilot.messages.queryOptions({ agentId }), staleTime: 0 }),
      }),
  );
  useEffect(() => {
    void store.load();
    return () => store.dispose();
  }, [store]);
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState);
  return { store, state };
}
