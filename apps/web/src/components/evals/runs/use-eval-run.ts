'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '@/lib/trpc';
import type { EvalRunSummary } from './eval-types';
import { isFinalStatus } from './run-progress';

/** How often an unfinished eval run is read again. */
const POLL_MS = 1_000;

/**
 * One eval run and its results, read again every second until its status is final. When what it reads
 * is news to the history list (a new status or count), the list is refreshed, and on a final status the
 * pass-rate chart and the publish check too.
 */
export function useEvalRun(agentId: string, evalRunId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.evals.getRun.queryOptions(
      { id: evalRunId },
      {
        refetchInterval: (current) => {
          const status = current.state.data?.run.status;
          return status !== undefined && isFinalStatus(status) ? false : POLL_MS;
        },
        staleTime: 0,
      },
    ),
  );
  const run = query.data?.run;
  const status = run?.status;
  const finished = run ? run.passed + run.failed : 0;
  useEffect(() => {
    if (status === undefined) return;
    const listKey = trpc.evals.listRuns.queryKey({ agentId });
    // A short run may be final the first time it is read: compare with the list rather than the last read.
    const listed = queryClient
      .getQueriesData<EvalRunSummary[]>({ queryKey: listKey })
      .flatMap(([, runs]) => runs ?? [])
      .find((item) => item.id === evalRunId);
    if (listed && listed.status === status && listed.passed + listed.failed === finished) return;
    void queryClient.invalidateQueries({ queryKey: listKey });
    if (isFinalStatus(status)) {
      void queryClient.invalidateQueries({ queryKey: trpc.evals.passRates.queryKey({ agentId }) });
      void queryClient.invalidateQueries({ queryKey: trpc.evals.publishCheck.queryKey({ agentId }) });
    }
  }, [agentId, evalRunId, finished, queryClient, status, trpc]);
  return query;
}
