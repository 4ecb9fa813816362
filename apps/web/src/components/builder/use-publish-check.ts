'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/trpc';

/**
 * The tests' verdict on publishing the draft (`evals.publishCheck`). The draft is saved first, since the
 * check reads the saved draft revision: an unsaved edit would otherwise be judged by an older run.
 */
export function usePublishCheck(agentId: string, flushSave: () => Promise<void>) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    let live = true;
    // A failed save (a conflict) is shown by the builder; the check still describes the saved draft.
    flushSave()
      .catch(() => undefined)
      .finally(() => {
        if (live) setSaved(true);
      });
    return () => {
      live = false;
    };
  }, [flushSave]);
  return useQuery(trpc.evals.publishCheck.queryOptions({ agentId }, { enabled: saved, staleTime: 0 }));
}
