'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useDeferredValue, useState } from 'react';
import { type Format, useFormat } from '@/i18n/format';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { KnowledgeBaseChoice } from './builder/pickers/knowledge-base-choice';
import { Button, Card, EmptyState, ErrorNote, Field, Input, Loading, PageHeader } from './ui';

/** When an agent was edited: how long ago within two days, else the date. */
function editedWhen(date: Date, format: Format): string {
  return Date.now() - date.getTime() < 48 * 3600_000 ? format.relative(date) : format.date(date);
}

/** The agents page: search, create (blank or from a template), open, rename, duplicate and delete. */
export function AgentsList({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('agents');
  // The built-in templates' words are in the catalog by template id; the server's English otherwise.
  const templateWords = (template: { id: string; name: string; description: string }) =>
    template.id && t.has(`templates.${template.id}.name`)
      ? { name: t(`templates.${template.id}.name`), description: t(`templates.${template.id}.description`) }
      : template;
  const common = useTranslations('common');
  const format = useFormat();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const agents = useQuery(
    trpc.agents.list.queryOptions(deferredSearch ? { search: deferredSearch } : undefined),
  );
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() });
  const create = useMutation(trpc.agents.create.mutationOptions({ onSuccess: invalidate }));
  const remove = useMutation(trpc.agents.delete.mutationOptions({ onSuccess: invalidate }));
  const rename = useMutation(trpc.agents.rename.mutationOptions({ onSuccess: invalidate }));
  const duplicate = useMutation(trpc.agents.duplicate.mutationOptions({ onSuccess: invalidate }));
  const fromTemplate = useMutation(trpc.agents.createFromTemplate.mutationOptions({ onSuccess: invalidate }));
  const [creating, setCreating] = useState(false);
  const templates = useQuery({ ...trpc.agents.templates.queryOptions(), enabled: creating });
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [knowledgeBaseId, setKnowledgeBaseId] = useState<string>();
  const [knowledgeBaseError, setKnowledgeBaseError] = useState<string>();
  const creationError = create.error ?? fromTemplate.error;
  // A template that searches a knowledge base asks for one here; the API would leave it empty.
  const needsKnowledgeBase =
    templates.data?.find((template) => template.id === templateId)?.needs.includes('knowledgeBase') ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (needsKnowledgeBase && !knowledgeBaseId) {
      setKnowledgeBaseError(t('pickKnowledgeBase'));
      return;
    }
    try {
      const agent = templateId
        ? await fromTemplate.mutateAsync({
            templateId,
            name: name.trim() || undefined,
            knowledgeBaseId: needsKnowledgeBase ? knowledgeBaseId : undefined,
          })
        : await create.mutateAsync({ name });
      setName('');
      setCreating(false);
      router.push(`/agents/${agent.id}`);
    } catch {
      // Shown below.
    }
  }

  const newButton = canEdit ? <Button onClick={() => setCreating(true)}>{t('new')}</Button> : null;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={newButton} />
      {creating ? (
        <Card className="mb-6 p-4">
          <form onSubmit={submit} className="space-y-4" aria-label={t('new')}>
            <div className="flex flex-wrap items-end gap-3">
              <div className="min-w-64 flex-1">
                <Field
                  label={t('name')}
                  error={fieldErrors(creationError).name}
                  hint={templateId ? t('nameHint') : undefined}
                >
                  <Input
                    autoFocus
                    value={name}
                    onChange={(event) => setName(event.target.value)}
                    placeholder={t('namePlaceholder')}
                  />
                </Field>
              </div>
              <Button type="submit" disabled={create.isPending || fromTemplate.isPending}>
                {t('create')}
              </Button>
              <Button variant="ghost" onClick={() => setCreating(false)}>
                {common('cancel')}
              </Button>
            </div>
            <fieldset>
              <legend className="mb-2 text-sm font-medium text-slate-700">{t('startFrom')}</legend>
              <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
                {[
                  {
                    id: '',
                    name: t('blank'),
                    description: t('blankDescription'),
                  },
                  ...(templates.data ?? []),
                ].map((template) => (
                  <label
                    key={template.id || 'blank'}
                    className={`cursor-pointer rounded-md border p-3 text-sm ${templateId === template.id ? 'border-brand-500 bg-brand-50' : 'border-slate-200 hover:bg-slate-50'}`}
                  >
                    <input
                      type="radio"
                      name="template"
                      className="sr-only"
                      value={template.id}
                      checked={templateId === template.id}
                      onChange={() => setTemplateId(template.id)}
                    />
                    <span className="font-medium">{templateWords(template).name}</span>
                    <span className="mt-0.5 block text-xs text-slate-600">
                      {templateWords(template).description}
                    </span>
                    {'needs' in template && template.needs.includes('knowledgeBase') ? (
                      <span className="mt-1 block text-xs text-brand-700">{t('asksForKnowledgeBase')}</span>
                    ) : null}
                  </label>
                ))}
              </div>
            </fieldset>
            {needsKnowledgeBase ? (
              <KnowledgeBaseChoice
                value={knowledgeBaseId}
                onChange={(id) => {
                  setKnowledgeBaseId(id);
                  setKnowledgeBaseError(undefined);
                }}
                error={knowledgeBaseError ?? fieldErrors(creationError).knowledgeBaseId}
              />
            ) : null}
          </form>
          <ErrorNote
            message={creationError && !fieldErrors(creationError).name ? errorMessage(creationError) : null}
          />
        </Card>
      ) : null}
      <div className="mb-4 max-w-sm">
        <Input
          type="search"
          aria-label={t('search')}
          placeholder={t('searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <ErrorNote
        message={
          agents.error
            ? errorMessage(agents.error)
            : (remove.error ?? duplicate.error ?? rename.error)
              ? errorMessage(remove.error ?? duplicate.error ?? rename.error)
              : null
        }
      />
      {agents.isPending ? (
        <Loading />
      ) : agents.data?.length === 0 ? (
        deferredSearch ? (
          <EmptyState title={t('noMatches')} body={t('noMatchesBody', { search: deferredSearch })} />
        ) : (
          <EmptyState title={t('empty')} body={t('emptyBody')} action={newButton} />
        )
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t('title')}>
          {agents.data?.map((agent) => (
            <li key={agent.id}>
              <Card className="flex h-full flex-col p-4">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="font-semibold">
                    <Link href={`/agents/${agent.id}`} className="hover:text-brand-700 hover:underline">
                      {agent.name}
                    </Link>
                  </h2>
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-medium ${agent.publishedVersionId ? 'bg-emerald-50 text-emerald-700' : 'bg-slate-100 text-slate-600'}`}
                  >
                    {agent.publishedVersionId ? t('published') : t('draft')}
                  </span>
                </div>
                <p className="mt-1 line-clamp-2 text-sm text-slate-600">
                  {agent.description || t('noDescription')}
                </p>
                <p className="mt-auto pt-4 text-xs text-slate-500">
                  {t('edited', { when: editedWhen(new Date(agent.updatedAt), format) })}
                </p>
                <div className="mt-3 flex flex-wrap gap-2 border-t border-slate-100 pt-3">
                  <Link
                    href={`/agents/${agent.id}`}
                    className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-brand-50"
                  >
                    {canEdit ? t('open') : common('view')}
                  </Link>
                  {canEdit ? (
                    <>
                      <Button
                        variant="ghost"
                        className="px-2 py-1"
                        onClick={() => {
                          const next = window.prompt(t('renamePrompt'), agent.name)?.trim();
                          if (next && next !== agent.name) rename.mutate({ id: agent.id, name: next });
                        }}
                      >
                        {t('rename')}
                      </Button>
                      <Button
                        variant="ghost"
                        className="px-2 py-1"
                        disabled={duplicate.isPending}
                        onClick={() => duplicate.mutate({ id: agent.id })}
                      >
                        {t('duplicate')}
                      </Button>
                      <Button
                        variant="ghost"
                        className="px-2 py-1 text-red-700"
                        onClick={() => {
                          if (window.confirm(t('deleteConfirm', { name: agent.name }))) {
                            remove.mutate({ id: agent.id });
                          }
                        }}
                      >
                        {common('delete')}
                      </Button>
                    </>
                  ) : null}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
