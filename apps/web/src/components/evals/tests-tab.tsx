'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/lib/trpc';
import { Card } from '../ui';
import { CasesPanel } from './cases-panel';
import { EvalRunsPanel } from './runs/eval-runs-panel';
import type { TargetVersion } from './runs/run-controls';
import { TestsSettings } from './tests-settings';

/** The Tests tab: the agent's cases, its eval runs (of the ticked cases, or all), and the test settings. */
export function TestsTab({
  agentId,
  canEdit,
  versions,
}: {
  agentId: string;
  canEdit: boolean;
  /** Published versions, newest first, that a run may target. */
  versions: readonly TargetVersion[];
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.tab');
  // The same query as the cases list (one request): the runs panel only needs how many there are.
  const cases = useQuery(trpc.evals.listCases.queryOptions({ agentId }));
  return (
    <div className="space-y-8">
      <CasesPanel agentId={agentId} canEdit={canEdit} />
      <section aria-labelledby="eval-runs-heading" className="space-y-3">
        <h2 id="eval-runs-heading" className="text-lg font-semibold">
          {t('runs')}
        </h2>
        <EvalRunsPanel
          agentId={agentId}
          canEdit={canEdit}
          versions={versions}
          caseCount={cases.data?.length ?? 0}
        />
      </section>
      <section aria-labelledby="test-settings-heading" className="space-y-3">
        <h2 id="test-settings-heading" className="text-lg font-semibold">
          {t('settings')}
        </h2>
        <Card className="p-5">
          <TestsSettings agentId={agentId} canEdit={canEdit} />
        </Card>
      </section>
    </div>
  );
}
