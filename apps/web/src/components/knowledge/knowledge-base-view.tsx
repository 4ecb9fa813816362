'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Input, Loading, PageHeader } from '../ui';
import { DocumentsTable } from './documents-table';
import { EmbeddingSettingsForm } from './embedding-settings';
import { ProgressBar } from './progress-bar';
import { QueryBox } from './query-box';
import { StorageUsage } from './storage-usage';
import { UploadPanel } from './upload-panel';

/** One knowledge base: its documents with their progress, uploads, the query box and its settings. */
export function KnowledgeBaseView({ id, canEdit }: { id: string; canEdit: boolean }) {
  const t = useTranslations('knowledge.base');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const capabilities = useQuery(trpc.knowledge.capabilities.queryOptions());
  const detail = useQuery({
    ...trpc.knowledge.get.queryOptions({ id }),
    refetchInterval: (query) => ((query.state.data?.totals.pending ?? 0) > 0 ? 1000 : false),
  });
  const documents = useQuery({
    ...trpc.knowledge.documents.queryOptions({ id }),
    refetchInterval: (query) =>
      query.state.data?.some((document) => document.status === 'queued' || document.status === 'processing')
        ? 1000
        : false,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.knowledge.get.queryKey({ id }) });
  };
  const rename = useMutation(trpc.knowledge.rename.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.knowledge.delete.mutationOptions({ onSuccess: () => router.push('/knowledge') }),
  );
  const qaAgent = useMutation(trpc.knowledge.createQaAgent.mutationOptions());
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState('');

  if (detail.isPending) return <Loading />;
  if (detail.error) return <ErrorNote message={errorMessage(detail.error)} />;
  const base = detail.data;
  const { totals, search } = base;

  async function submitRename(event: FormEvent) {
    event.preventDefault();
    await rename.mutateAsync({ id, name }).catch(() => {});
    setRenaming(false);
  }

  const actions = canEdit ? (
    <>
      <Button variant="secondary" disabled={qaAgent.isPending} onClick={() => qaAgent.mutate({ id })}>
        {t('createQa')}
      </Button>
      <Button
        variant="ghost"
        onClick={() => {
          setName(base.name);
          setRenaming(true);
        }}
      >
        {t('rename')}
      </Button>
      <Button
        variant="danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(t('confirmDelete', { name: base.name, count: totals.documents })))
            remove.mutate({ id });
        }}
      >
        {tCommon('delete')}
      </Button>
    </>
  ) : null;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/knowledge" className="text-brand-700 hover:underline">
          {t('back')}
        </Link>
      </p>
      <PageHeader
        title={base.name}
        description={t('totals', {
          documents: totals.documents,
          ready: totals.ready,
          chunks: totals.chunks,
          failed: totals.failed,
        })}
        actions={actions}
      />
      <p className="-mt-4 text-xs text-slate-500">
        {t.rich('attach', {
          id: base.id,
          code: (chunks) => (
            <code className="select-all rounded bg-slate-100 px-1 text-slate-700">{chunks}</code>
          ),
        })}
      </p>
      {renaming ? (
        <form onSubmit={submitRename} className="flex gap-2" aria-label={t('renameLabel')}>
          <Input
            autoFocus
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-label={t('name')}
            maxLength={120}
          />
          <Button type="submit" disabled={!name.trim() || rename.isPending}>
            {tCommon('save')}
          </Button>
          <Button variant="ghost" onClick={() => setRenaming(false)}>
            {tCommon('cancel')}
          </Button>
        </form>
      ) : null}
      <ErrorNote
        message={
          [rename.error, remove.error, qaAgent.error].filter(Boolean).map(errorMessage).join(' ') || null
        }
      />
      {qaAgent.data ? (
        <p
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          {t.rich('created', {
            name: qaAgent.data.name,
            link: (chunks) => (
              <Link href={`/agents/${qaAgent.data?.id}`} className="font-medium underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      ) : null}
      <p
        className={`rounded-md border px-3 py-2 text-sm ${search.mode === 'hybrid' ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-slate-200 bg-slate-50 text-slate-700'}`}
        data-testid="search-mode"
      >
        {search.mode === 'hybrid'
          ? t('searchHybrid', {
              model: search.embeddingModel ?? '',
              embedded: totals.embeddedChunks,
              indexed: totals.indexedChunks,
            })
          : t('searchFullText', { reason: search.reason ?? '' })}
      </p>
      {totals.pending > 0 ? (
        <div className="space-y-1" aria-live="polite">
          <p className="text-sm text-slate-700">
            {t('processing', { count: totals.pending, progress: totals.progress })}
          </p>
          <ProgressBar value={totals.progress} label={t('progress')} />
        </div>
      ) : null}
      <StorageUsage usedBytes={base.storage.usedBytes} quotaBytes={base.storage.quotaBytes} />
      {canEdit ? (
        <UploadPanel
          knowledgeBaseId={id}
          extensions={capabilities.data?.extensions ?? []}
          maxFileSize={capabilities.data?.maxFileSize ?? '25 MB'}
          onAdded={refresh}
        />
      ) : null}
      <section className="space-y-2">
        <h2 className="text-base font-semibold">{t('documents')}</h2>
        {documents.isPending ? (
          <Loading />
        ) : documents.error ? (
          <ErrorNote message={errorMessage(documents.error)} />
        ) : documents.data.length === 0 ? (
          <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
        ) : (
          <DocumentsTable documents={documents.data} canEdit={canEdit} onChanged={refresh} />
        )}
      </section>
      <QueryBox knowledgeBaseId={id} />
      {canEdit ? (
        <Card className="p-4">
          <details>
            <summary className="cursor-pointer text-base font-semibold">{t('vectors')}</summary>
            <div className="mt-3 space-y-3">
              {capabilities.data && !capabilities.data.vectors.available ? (
                <p className="text-sm text-slate-700">
                  {t('vectorsOff', { reason: capabilities.data.vectors.reason ?? '' })}
                </p>
              ) : (
                <EmbeddingSettingsForm knowledgeBaseId={id} current={base.embedding} onSaved={refresh} />
              )}
            </div>
          </details>
        </Card>
      ) : null}
    </div>
  );
}
