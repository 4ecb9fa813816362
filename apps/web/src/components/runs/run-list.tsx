'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Loading } from '../ui';
import { RunSource } from './run-source';

const STATUS_STYLE: Record<string, string> = {
  succeeded: 'bg-emerald-50 text-emerald-700',
  failed: 'bg-red-50 text-red-700',
  cancelled: 'bg-amber-50 text-amber-700',
  running: 'bg-sky-50 text-sky-700',
};

/** Status pill of a run. */
export function RunStatus({ status }: { status: string }) {
  const t = useTranslations('runs');
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status] ?? 'bg-slate-100'}`}
    >
      {t('status', { status })}
    </span>
  );
}

/** An agent's runs and conversations, newest first, loaded a page at a time. */
export function RunList({ agentId }: { agentId: string }) {
  const t = useTranslations('runs.list');
  const tRuns = useTranslations('runs');
  const tCommon = useTranslations('common');
  const format = useFormat();
  const trpc = useTRPC();
  const [tab, setTab] = useState<'runs' | 'conversations'>('runs');
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { agentId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const conversations = useInfiniteQuery(
    trpc.runs.conversations.infiniteQueryOptions(
      { agentId, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, enabled: tab === 'conversations' },
    ),
  );
  const active = tab === 'runs' ? runs : conversations;
  const tabButton = (value: typeof tab, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === value}
      onClick={() => setTab(value)}
      className={`border-b-2 px-3 py-2 text-sm font-medium ${tab === value ? 'border-brand-600 text-brand-700' : 'border-transparent text-slate-600'}`}
    >
      {label}
    </button>
  );
  return (
    <div>
      <div role="tablist" className="mb-4 flex gap-2 border-b border-slate-200">
        {tabButton('runs', t('runs'))}
        {tabButton('conversations', t('conversations'))}
      </div>
      <ErrorNote message={active.error ? errorMessage(active.error) : null} />
      {active.isPending ? (
        <Loading />
      ) : tab === 'runs' ? (
        runs.data?.pages[0]?.items.length === 0 ? (
          <EmptyState title={t('emptyRunsTitle')} body={t('emptyRunsBody')} />
        ) : (
          <Card>
            <ul className="divide-y divide-slate-100" aria-label={t('runs')}>
              {runs.data?.pages.flatMap((page) =>
                page.items.map((run) => (
                  <li key={run.id}>
                    <Link
                      href={`/agents/${agentId}/runs/${run.id}`}
                      className="flex items-center gap-3 px-4 py-3 text-sm hover:bg-slate-50"
                    >
                      <RunStatus status={run.status} />
                      <span className="min-w-0 flex-1 truncate">{run.message}</span>
                      <RunSource source={run.source} trigger={run.trigger} />
                      <span className="w-16 text-right text-xs tabular-nums text-slate-500">
                        {run.durationMs === null ? '—' : format.duration(run.durationMs)}
                      </span>
                      <span className="w-40 text-right text-xs text-slate-500">
                        {format.dateTime(run.startedAt)}
                      </span>
                    </Link>
                  </li>
                )),
              )}
            </ul>
          </Card>
        )
      ) : conversations.data?.pages[0]?.items.length === 0 ? (
        <EmptyState title={t('emptyConversationsTitle')} body={t('emptyConversationsBody')} />
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" aria-label={t('conversations')}>
            {conversations.data?.pages.flatMap((page) =>
              page.items.map((conversation) => (
                <li key={conversation.id} className="flex items-center gap-3 px-4 py-3 text-sm">
                  <span className="min-w-0 flex-1 truncate">{conversation.title || t('untitled')}</span>
                  <span className="text-xs text-slate-500">
                    {tRuns('source', { source: conversation.source })}
                  </span>
                  <span className="text-xs tabular-nums text-slate-500">
                    {t('tokens', { count: conversation.tokensUsed })}
                  </span>
                  <span className="w-40 text-right text-xs text-slate-500">
                    {format.dateTime(conversation.updatedAt)}
                  </span>
                </li>
              )),
            )}
          </ul>
        </Card>
      )}
      {active.hasNextPage ? (
        <div className="mt-4 text-center">
          <Button
            variant="secondary"
            onClick={() => active.fetchNextPage()}
            disabled={active.isFetchingNextPage}
          >
            {active.isFetchingNextPage ? tCommon('loading') : t('loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
