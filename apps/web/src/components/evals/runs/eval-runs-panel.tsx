'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Card, ErrorNote } from '../../ui';
import { comparisonOrder } from './compare-groups';
import { EvalRunView } from './eval-run-view';
import { PassRateChart } from './pass-rate-chart';
import { RunCompare } from './run-compare';
import { RunControls, type TargetVersion } from './run-controls';
import { RunHistory } from './run-history';

/**
 * The runs half of the Tests tab: start an eval run, follow it, read its results, look back at past
 * runs, compare two of them, and see the pass rate across versions.
 */
export function EvalRunsPanel({
  agentId,
  canEdit,
  versions,
  caseCount,
}: {
  agentId: string;
  canEdit: boolean;
  /** The agent's published versions, newest first, for the target picker. */
  versions: readonly TargetVersion[];
  caseCount: number;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.runs');
  const runs = useQuery(trpc.evals.listRuns.queryOptions({ agentId, limit: 20 }));
  // null: follow the newest run (the one just started, or the last one when the page opens).
  const [picked, setPicked] = useState<string | null>(null);
  const [ticked, setTicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<{ a: string; b: string } | null>(null);
  const list = runs.data ?? [];
  const viewingId = picked ?? list[0]?.id ?? null;

  function compare() {
    const [first, second] = ticked.map((id) => list.find((run) => run.id === id));
    if (!first || !second) return;
    const { a, b } = comparisonOrder(first, second);
    setComparing({ a: a.id, b: b.id });
  }

  return (
    <div className="space-y-6">
      <Card className="p-5">
        <RunControls
          agentId={agentId}
          canEdit={canEdit}
          versions={versions}
          caseCount={caseCount}
          onStarted={(id) => {
            setPicked(id);
            setComparing(null);
          }}
        />
      </Card>
      {comparing ? (
        <RunCompare a={comparing.a} b={comparing.b} onClose={() => setComparing(null)} />
      ) : viewingId ? (
        <EvalRunView key={viewingId} agentId={agentId} evalRunId={viewingId} canEdit={canEdit} />
      ) : null}
      <ErrorNote message={runs.error ? errorMessage(runs.error) : null} />
      {list.length > 0 ? (
        <Card className="space-y-6 p-5">
          <PassRateChart agentId={agentId} />
          <RunHistory
            runs={list}
            viewingId={comparing ? null : viewingId}
            ticked={ticked}
            onView={(id) => {
              setPicked(id);
              setComparing(null);
            }}
            onTick={(id, on) =>
              setTicked((current) =>
                on
                  ? [...current.filter((item) => item !== id), id].slice(-2)
                  : current.filter((item) => item !== id),
              )
            }
            onCompare={compare}
          />
        </Card>
      ) : runs.isPending ? null : (
        <p className="text-sm text-slate-600">{t('none')}</p>
      )}
    </div>
  );
}
