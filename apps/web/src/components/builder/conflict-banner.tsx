'use client';

import type { Graph } from '@agentry/engine/graph';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button } from '../ui';
import { ChangeList } from './change-list';

/**
 * Shown when a save met a newer revision (another tab or person): what differs between their draft and
 * this one, then the choice to reload theirs or keep this one by saving over it.
 */
export function ConflictBanner({
  agentId,
  theirRevision,
  getMine,
  onReloadTheirs,
  onKeepMine,
}: {
  agentId: string;
  theirRevision: number | undefined;
  getMine: () => Graph;
  onReloadTheirs: (graph: Graph, revision: number) => void;
  onKeepMine: () => Promise<void>;
}) {
  const t = useTranslations('builder.conflict');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const compare = useMutation(trpc.agents.compareGraphs.mutationOptions());
  const [theirs, setTheirs] = useState<{ graph: Graph; revision: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { mutate } = compare;

  // biome-ignore lint/correctness/useExhaustiveDependencies: fetch theirs again for each new conflict
  useEffect(() => {
    let cancelled = false;
    setTheirs(null);
    queryClient
      .fetchQuery({ ...trpc.agents.get.queryOptions({ id: agentId }), staleTime: 0 })
      .then((agent) => {
        if (cancelled) return;
        const graph = agent.draftGraph as Graph;
        setTheirs({ graph, revision: agent.draftRevision });
        mutate({ before: graph, after: getMine() });
      })
      .catch((fetchError: unknown) => !cancelled && setError(errorMessage(fetchError)));
    return () => {
      cancelled = true;
    };
  }, [agentId, theirRevision]);

  return (
    <div
      role="alert"
      data-testid="conflict-banner"
      className="border-b border-amber-300 bg-amber-50 px-4 py-3 text-sm"
    >
      <p className="font-semibold text-amber-900">{t('title')}</p>
      <div className="mt-2 max-h-40 overflow-y-auto rounded border border-amber-200 bg-white p-2">
        <p className="mb-1 text-xs font-medium text-slate-700">{t('fromTheirs')}</p>
        {compare.data ? (
          <ChangeList changes={compare.data} empty={t('noDifferences')} />
        ) : compare.error || error ? (
          <p className="text-xs text-red-700">{error ?? errorMessage(compare.error)}</p>
        ) : (
          <p className="text-xs text-slate-500">{t('comparing')}</p>
        )}
      </div>
      <div className="mt-2 flex gap-2">
        <Button
          variant="secondary"
          disabled={!theirs || busy}
          onClick={() => theirs && onReloadTheirs(theirs.graph, theirs.revision)}
        >
          {t('reloadTheirs')}
        </Button>
        <Button
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onKeepMine();
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('keepMine')}
        </Button>
      </div>
    </div>
  );
}
