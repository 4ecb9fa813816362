'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Field, Input, Loading, PageHeader } from '../ui';

/** The knowledge bases of the workspace, with their document counts, and a form to create one. */
export function KnowledgeList({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('knowledge.list');
  const tCommon = useTranslations('common');
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const bases = useQuery({
    ...trpc.knowledge.list.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((base) => base.pendingCount > 0) ? 1500 : false),
  });
  const create = useMutation(
    trpc.knowledge.create.mutationOptions({
      onSuccess: (base) => {
        void queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
        router.push(`/knowledge/${base.id}`);
      },
    }),
  );
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    await create.mutateAsync({ name }).catch(() => {});
  }

  const newButton = canEdit ? <Button onClick={() => setCreating(true)}>{t('new')}</Button> : null;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={newButton} />
      {creating ? (
        <Card className="mb-6 p-4">
          <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label={t('new')}>
            <div className="min-w-64 flex-1">
              <Field label={t('name')} error={fieldErrors(create.error).name}>
                <Input
                  autoFocus
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  maxLength={120}
                />
              </Field>
            </div>
            <Button type="submit" disabled={create.isPending || !name.trim()}>
              {t('create')}
            </Button>
            <Button variant="ghost" onClick={() => setCreating(false)}>
              {tCommon('cancel')}
            </Button>
          </form>
          <div className="mt-3">
            <ErrorNote
              message={create.error && !fieldErrors(create.error).name ? errorMessage(create.error) : null}
            />
          </div>
        </Card>
      ) : null}
      {bases.isPending ? (
        <Loading />
      ) : bases.error ? (
        <ErrorNote message={errorMessage(bases.error)} />
      ) : bases.data.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')} action={newButton} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
          {bases.data.map((base) => (
            <li key={base.id}>
              <Link
                href={`/knowledge/${base.id}`}
                className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-500"
              >
                <h2 className="font-semibold">{base.name}</h2>
                {base.description ? (
                  <p className="mt-1 line-clamp-2 text-sm text-slate-600">{base.description}</p>
                ) : null}
                <p className="mt-3 text-xs text-slate-500">
                  {t('counts', {
                    documents: base.documentCount,
                    chunks: base.chunkCount,
                    pending: base.pendingCount,
                    failed: base.failedCount,
                  })}
                  {' · '}
                  {base.embedding ? t('vectors', { provider: base.embedding.provider }) : t('fullText')}
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
