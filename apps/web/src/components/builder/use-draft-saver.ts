'use client';

import { useMutation } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { DraftSaver, type SaverState } from './draft-saver';
import type { EditorStore } from './editor-store';

function conflictRevision(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = error.data as { code?: string; details?: { currentRevision?: number } } | undefined;
  return data?.code === 'CONFLICT' ? (data.details?.currentRevision ?? 0) : undefined;
}

/** The draft saver of an agent, wired to `agents.saveDraft`; warns before leaving with unsaved edits. */
export function useDraftSaver(
  store: EditorStore,
  agent: { id: string; draftRevision: number },
  enabled: boolean,
): { saver: DraftSaver; state: SaverState } {
  const t = useTranslations('builder.saver');
  const words = useRef(t);
  words.current = t;
  const trpc = useTRPC();
  const save = useMutation(trpc.agents.saveDraft.mutationOptions());
  const send = useRef(save.mutateAsync);
  send.current = save.mutateAsync;
  const [saver] = useState(
    () =>
      new DraftSaver({
        store,
        revision: agent.draftRevision,
        send: ({ graph, baseRevision, force }) =>
          send.current({ id: agent.id, graph, baseRevision, force: force || undefined }),
        conflictRevision,
        describe: errorMessage,
        words: { conflict: () => words.current('conflict'), failed: () => words.current('failed') },
      }),
  );
  useEffect(() => {
    if (!enabled) return;
    saver.start();
    const warn = (event: BeforeUnloadEvent) => {
      if (saver.isDirty()) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      saver.stop();
      window.removeEventListener('beforeunload', warn);
    };
  }, [saver, enabled]);
  return { saver, state: useSyncExternalStore(saver.subscribe, saver.getState, saver.getState) };
}
