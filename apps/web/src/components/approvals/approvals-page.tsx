'use client';

import type { ApprovalRequest } from '@agentry/engine';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Loading, PageHeader } from '../ui';
import { type ApprovalAnswer, AnswerForm } from './answer-form';

/** How often the list looks for new questions while the page is open. */
const REFRESH_MS = 10_000;

/** One run of the list, as `runs.waiting` returns it. */
interface WaitingRun {
  id: string;
  agentId: string;
  agentName: string;
  source: string;
  status: string;
  pending: unknown;
  error: unknown;
  message: string;
  startedAt: Date | string;
}

function RunCard({ run, canAnswer }: { run: WaitingRun; canAnswer: boolean }) {
  const t = useTranslations('approvals');
  const tRuns = useTranslations('runs');
  const format = useFormat();
  /** Who may answer a question, in words. */
  const audienceNote = (request: ApprovalRequest) =>
    request.audience === 'visitor' ? t('forVisitor') : t('forEditor');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resume = useMutation(
    trpc.runs.resume.mutationOptions({
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.runs.waiting.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.runs.waitingCount.queryKey() }),
        ]),
    }),
  );
  const request = run.status === 'waiting' ? (run.pending as ApprovalRequest | null) : null;
  const reason = (run.error as { message?: string } | null)?.message;
  const mayAnswer = canAnswer && request?.audience !== 'visitor';
  // A refused answer shows under the card (resume.error).
  const answer = async (value: ApprovalAnswer) => {
    await resume
      .mutateAsync({ runId: run.id, answer: { requestId: request!.id, ...value } })
      .catch(() => undefined);
  };
  return (
    <li>
      <Card className="space-y-3 p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <p className="text-sm">
            <Link href={`/agents/${run.agentId}`} className="font-semibold text-brand-700 hover:underline">
              {run.agentName}
            </Link>{' '}
            <span className="text-slate-500">
              {t('meta', {
                source: tRuns('source', { source: run.source }),
                when: format.dateTime(run.startedAt),
              })}
            </span>
          </p>
          <span
            className={`rounded-full px-2 py-0.5 text-xs font-medium ${run.status === 'waiting' ? 'bg-amber-100 text-amber-800' : 'bg-slate-200 text-slate-700'}`}
          >
            {run.status === 'waiting' ? t('waiting') : t('interrupted')}
          </span>
        </div>
        {run.message ? (
          <p className="truncate text-xs text-slate-600" title={run.message}>
            {t('asked', { message: run.message })}
          </p>
        ) : null}
        {request ? (
          <AnswerForm
            request={request}
            busy={resume.isPending}
            onAnswer={mayAnswer ? answer : undefined}
            readOnlyNote={canAnswer ? audienceNote(request) : t('viewerNote')}
          />
        ) : (
          <div className="space-y-2 text-sm">
            <p className="text-slate-700">{reason ?? t('stopped')}</p>
            <Button
              variant="secondary"
              className="px-3 py-1 text-xs"
              disabled={!canAnswer || resume.isPending}
              onClick={() => void resume.mutateAsync({ runId: run.id, answer: {} }).catch(() => undefined)}
            >
              {t('resume')}
            </Button>
            {!canAnswer ? <p className="text-xs text-slate-500">{t('onlyEditors')}</p> : null}
          </div>
        )}
        <ErrorNote message={resume.error ? errorMessage(resume.error) : null} />
      </Card>
    </li>
  );
}

/**
 * The Approvals page: every run of the workspace waiting for a person (what it asks, since when, who
 * may answer) and every run a restart interrupted (why, with Resume). Editors answer here; viewers see
 * the list read-only. The list refreshes itself every few seconds.
 */
export function ApprovalsPage({ canAnswer }: { canAnswer: boolean }) {
  const t = useTranslations('approvals');
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.runs.waiting.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={t('title')} description={t('description')} />
      {list.isPending ? <Loading /> : null}
      {list.error ? <ErrorNote message={errorMessage(list.error)} /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <ul aria-label={t('list')} className="space-y-3">
          {list.data.map((run) => (
            <RunCard key={run.id} run={run as WaitingRun} canAnswer={canAnswer} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
