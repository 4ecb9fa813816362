'use client';

import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Loading } from '../../ui';
import { describeJudgeModel } from '../expectation-text';
import { agoText, targetText } from './format';
import { EvalProgressBar } from './progress-bar';
import { ResultsTable } from './results-table';
import { isFinalStatus } from './run-progress';
import { EvalStatusPill } from './status-pill';
import { useEvalRun } from './use-eval-run';

/** One eval run: what it ran, its progress while it runs (with Cancel), then its results table. */
export function EvalRunView({
  agentId,
  evalRunId,
  canEdit,
}: {
  agentId: string;
  evalRunId: string;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals');
  const common = useTranslations('common');
  const format = useFormat();
  const query = useEvalRun(agentId, evalRunId);
  const cancel = useMutation(trpc.evals.cancelRun.mutationOptions({ onSuccess: () => query.refetch() }));
  if (query.isPending) return <Loading label={t('run.loading')} />;
  if (query.error) return <ErrorNote message={errorMessage(query.error)} />;
  const { run, results } = query.data;
  const final = isFinalStatus(run.status);
  const meta = {
    ago: agoText(run.createdAt, t),
    concurrency: run.concurrency,
    judge: run.judge ? describeJudgeModel(run.judge) : t('run.offlineJudge'),
  };
  return (
    <Card className="space-y-4 p-5">
      <section aria-label={t('run.label')} className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-base font-semibold">{t('run.heading', { target: targetText(run, t) })}</h2>
          <EvalStatusPill status={run.status} />
          <span className="text-xs text-slate-500" title={format.dateTime(run.createdAt)}>
            {run.createdBy ? t('run.metaBy', { ...meta, user: run.createdBy }) : t('run.meta', meta)}
          </span>
          {!final && canEdit ? (
            <Button
              variant="secondary"
              className="ml-auto"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate({ id: run.id })}
            >
              {cancel.isPending ? t('run.cancelling') : common('cancel')}
            </Button>
          ) : null}
        </div>
        <EvalProgressBar run={run} />
        <ErrorNote message={run.error ?? (cancel.error ? errorMessage(cancel.error) : null)} />
        <ResultsTable
          agentId={agentId}
          results={results}
          pending={final ? 0 : Math.max(0, run.total - results.length)}
        />
      </section>
    </Card>
  );
}
