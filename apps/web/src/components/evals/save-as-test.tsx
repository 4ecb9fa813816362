'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { useNotify } from '../builder/toasts';
import { Button } from '../ui';

/** Where an agent's cases are listed. */
const testsPage = (agentId: string) => `/agents/${agentId}/tests`;

/**
 * "Save as test" in the preview: keeps the conversation so far as a test case (its last answer as the
 * expected one, to edit) and says so in a toast that links to the Tests tab.
 */
export function SaveConversationAsTest({
  agentId,
  conversationId,
  disabled,
}: {
  agentId: string;
  /** The preview's conversation; undefined until its first run started. */
  conversationId: string | undefined;
  /** No answer yet, or a run still going. */
  disabled: boolean;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals.save');
  const common = useTranslations('common');
  const queryClient = useQueryClient();
  const notify = useNotify();
  const save = useMutation(
    trpc.evals.caseFromConversation.mutationOptions({
      onSuccess: (saved) => {
        void queryClient.invalidateQueries({ queryKey: trpc.evals.listCases.queryKey({ agentId }) });
        notify(t('saved', { name: saved.name }), 'success', {
          href: testsPage(agentId),
          label: t('openTests'),
        });
      },
      onError: (error) => notify(t('notSaved', { error: errorMessage(error) }), 'error'),
    }),
  );
  return (
    <Button
      variant="ghost"
      className="px-2 py-1 text-xs"
      disabled={disabled || !conversationId || save.isPending}
      title={t('title')}
      onClick={() => conversationId && save.mutate({ agentId, conversationId })}
    >
      {save.isPending ? common('saving') : t('button')}
    </Button>
  );
}

/** "Save as test case" on a run's page: the run's conversation up to its message, as a new test case. */
export function SaveRunAsTest({ agentId, runId }: { agentId: string; runId: string }) {
  const trpc = useTRPC();
  const t = useTranslations('evals.save');
  const common = useTranslations('common');
  const save = useMutation(trpc.evals.caseFromRun.mutationOptions());
  return (
    <div className="flex flex-col items-end gap-1">
      <Button variant="secondary" disabled={save.isPending} onClick={() => save.mutate({ runId })}>
        {save.isPending ? common('saving') : t('runButton')}
      </Button>
      {save.isSuccess ? (
        <p role="status" className="text-sm text-emerald-700">
          {t('savedShort', { name: save.data.name })}{' '}
          <Link href={testsPage(agentId)} className="font-medium underline">
            {t('openTests')}
          </Link>
        </p>
      ) : null}
      {save.error ? (
        <p role="alert" className="max-w-md text-right text-sm text-red-700">
          {errorMessage(save.error)}
        </p>
      ) : null}
    </div>
  );
}
