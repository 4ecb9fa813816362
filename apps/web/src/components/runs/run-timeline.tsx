'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useEngineWords } from '@/i18n/engine-words';
import { type Format, useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ReasoningFold } from '../preview/reasoning-fold';
import { Button, Card, ErrorNote, Loading } from '../ui';
import { RunStatus } from './run-list';
import { RunSource } from './run-source';

/** A step's or a run's cost: "$0.0060", "$0.00", or "< $0.0001" for a sliver. */
function formatUsd(usd: number, format: Format): string {
  return usd > 0 && usd < 0.0001 ? `< ${format.usd(0.0001)}` : format.usd(usd);
}

/** One run: a waterfall of node durations, tokens and cost per node, the error, and the exact inputs. */
export function RunTimeline({
  agentId,
  runId,
  canEdit,
}: {
  agentId: string;
  runId: string;
  canEdit: boolean;
}) {
  const t = useTranslations('runs.timeline');
  const format = useFormat();
  const words = useEngineWords();
  const trpc = useTRPC();
  const router = useRouter();
  const run = useQuery(trpc.runs.get.queryOptions({ runId }));
  const rerun = useMutation(
    trpc.runs.rerun.mutationOptions({
      onSuccess: (result) => router.push(`/agents/${agentId}/runs/${result.runId}`),
    }),
  );
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorNote message={errorMessage(run.error)} />;
  const data = run.data;
  const start = new Date(data.startedAt).getTime();
  const ends = data.steps.map((step) => (step.endedAt ? new Date(step.endedAt).getTime() : start));
  const total = Math.max(1, (data.durationMs ?? 0) || Math.max(...ends, start + 1) - start);
  const error = data.error as { code?: string; message?: string; nodeId?: string } | null;
  const totalCost = data.steps.reduce((sum, step) => sum + (step.cost?.usd ?? 0), 0);
  // Why some tokens have no cost (each sentence names where to set a price), said once each.
  const missing = [...new Set(data.steps.flatMap((step) => (step.costMissing ? [step.costMissing] : [])))];
  // A node without a label of its own is named by its type, in the page's language.
  const nodeName = (nodeId: string, nodeType?: string) => {
    const label = data.nodeLabels[nodeId];
    const type = nodeType ?? data.steps.find((step) => step.nodeId === nodeId)?.nodeType;
    if (type && (!label || label === type)) return words.nodeTitle(type, label ?? nodeId);
    return label ?? nodeId;
  };
  const usage = data.usage as { inputTokens?: number; outputTokens?: number } | null;
  const errorTitle = words.errorTitle(error?.code);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <RunStatus status={data.status} />
        <span className="text-sm text-slate-600">
          {format.dateTime(data.startedAt)}
          {' · '}
          <RunSource source={data.source} trigger={data.trigger} />
          {' · '}
          {data.durationMs === null || data.durationMs === undefined ? '—' : format.duration(data.durationMs)}
          {' · '}
          {t('tokens', { input: usage?.inputTokens ?? 0, output: usage?.outputTokens ?? 0 })}
          {' · '}
          <span data-testid="run-cost">
            {missing.length > 0
              ? t('costWithUnpriced', { cost: formatUsd(totalCost, format) })
              : formatUsd(totalCost, format)}
          </span>
        </span>
        {canEdit ? (
          <Button
            variant="secondary"
            className="ml-auto"
            disabled={rerun.isPending}
            onClick={() => rerun.mutate({ runId })}
          >
            {rerun.isPending ? t('rerunning') : t('rerun')}
          </Button>
        ) : null}
      </div>
      <ErrorNote message={rerun.error ? errorMessage(rerun.error) : null} />
      {missing.length > 0 ? (
        <ul className="text-xs text-amber-800" aria-label={t('costsUnknown')}>
          {missing.map((reason) => (
            <li key={reason}>{t('costUnknown', { reason })}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          <p className="font-medium">
            {error.code
              ? t('failedCode', {
                  title: error.nodeId ? t('failedAt', { node: nodeName(error.nodeId) }) : t('failed'),
                  code: error.code,
                })
              : error.nodeId
                ? t('failedAt', { node: nodeName(error.nodeId) })
                : t('failed')}
          </p>
          {errorTitle ? <p className="font-medium">{errorTitle}</p> : null}
          <p>{error.message}</p>
        </div>
      ) : null}
      <Card className="p-4">
        <h2 className="mb-3 text-sm font-semibold">{t('timeline')}</h2>
        <ol className="space-y-2" aria-label={t('nodeTimeline')}>
          {data.steps.map((step) => {
            const offset = step.startedAt ? new Date(step.startedAt).getTime() - start : 0;
            const left = Math.min(100, Math.max(0, (offset / total) * 100));
            const width = Math.max(0.8, Math.min(100 - left, ((step.durationMs ?? 0) / total) * 100));
            const colour =
              step.status === 'failed'
                ? 'bg-red-500'
                : step.status === 'skipped'
                  ? 'bg-slate-300'
                  : 'bg-brand-500';
            return (
              <li key={step.id}>
                <details className="group rounded-md border border-slate-100 px-3 py-2">
                  <summary className="flex cursor-pointer items-center gap-3 text-sm">
                    <span className="w-40 truncate font-medium">{nodeName(step.nodeId, step.nodeType)}</span>
                    <span className="relative h-3 flex-1 rounded bg-slate-100">
                      <span
                        className={`absolute top-0 h-3 rounded ${colour}`}
                        style={{ left: `${left}%`, width: `${width}%` }}
                      />
                    </span>
                    <span className="w-16 text-right text-xs tabular-nums">
                      {format.duration(step.durationMs ?? 0)}
                    </span>
                    <span className="w-24 text-right text-xs tabular-nums text-slate-500">
                      {t('stepTokens', { tokens: step.usage.inputTokens + step.usage.outputTokens })}
                    </span>
                    <span className="w-20 text-right text-xs tabular-nums text-slate-500">
                      {step.cost ? (
                        <span title={step.cost.basis}>{formatUsd(step.cost.usd, format)}</span>
                      ) : step.costMissing ? (
                        <span title={step.costMissing}>{t('unpriced')}</span>
                      ) : (
                        '—'
                      )}
                    </span>
                  </summary>
                  <div className="mt-2 grid gap-3 text-xs md:grid-cols-2">
                    <div>
                      <p className="font-semibold text-slate-600">{t('inputs')}</p>
                      <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2">
                        {JSON.stringify(step.input ?? {}, null, 2)}
                      </pre>
                    </div>
                    <div>
                      <p className="font-semibold text-slate-600">{t('output')}</p>
                      <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2">
                        {(step.output as { preview?: string } | null)?.preview ??
                          (step.status === 'skipped' ? t('skipped') : '—')}
                      </pre>
                      {step.error ? (
                        <p className="mt-1 text-red-700">{(step.error as { message?: string }).message}</p>
                      ) : null}
                      {(step.output as { reasoning?: string } | null)?.reasoning ? (
                        <div className="mt-2">
                          <ReasoningFold text={(step.output as { reasoning: string }).reasoning} />
                        </div>
                      ) : null}
                    </div>
                  </div>
                </details>
              </li>
            );
          })}
        </ol>
      </Card>
      <Card className="p-4">
        <h2 className="mb-2 text-sm font-semibold">{t('input')}</h2>
        <pre className="whitespace-pre-wrap text-sm">{data.input.message}</pre>
        <h2 className="mb-2 mt-4 text-sm font-semibold">{t('answer')}</h2>
        <pre className="whitespace-pre-wrap text-sm">{data.answer || '—'}</pre>
      </Card>
    </div>
  );
}
