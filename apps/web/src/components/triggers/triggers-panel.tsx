'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { Button, Card, EmptyState, ErrorNote, Loading } from '../ui';
import { ScheduleForm } from './schedule-form';
import { TriggerList } from './trigger-list';
import type { ScheduleConfig, WebhookConfig } from './trigger-types';
import { WebhookForm } from './webhook-form';
import { WebhookUrl } from './webhook-url';

type Editor = { mode: 'new'; kind: 'webhook' | 'schedule' } | { mode: 'edit'; id: string } | null;

/** Says that triggers run the published version, and warns when there is none yet. */
function PublishedNote({ agentId, published }: { agentId: string; published: boolean }) {
  const t = useTranslations('triggers.panel');
  return published ? (
    <p className="text-sm text-slate-600">{t('published')}</p>
  ) : (
    <p
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-800"
    >
      {t.rich('unpublished', {
        link: (chunks) => (
          <Link href={`/agents/${agentId}`} className="font-medium underline">
            {chunks}
          </Link>
        ),
      })}
    </p>
  );
}

/** The Triggers tab: an agent's webhooks and schedules, and the forms to add and change them. */
export function TriggersPanel({
  agentId,
  published,
  canEdit,
}: {
  agentId: string;
  published: boolean;
  canEdit: boolean;
}) {
  const t = useTranslations('triggers.panel');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.triggers.list.queryOptions({ agentId }));
  const [editor, setEditor] = useState<Editor>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey({ agentId }) });
  const create = useMutation(trpc.triggers.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.triggers.update.mutationOptions({ onSuccess: refresh }));
  const setEnabled = useMutation(trpc.triggers.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.triggers.remove.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.triggers.rotate.mutationOptions({ onSuccess: refresh }));
  const busyId = setEnabled.isPending
    ? (setEnabled.variables?.id ?? null)
    : remove.isPending
      ? (remove.variables?.id ?? null)
      : null;
  const saving = editor?.mode === 'new' ? create : update;
  const errors = fieldErrors(saving.error);

  async function save(
    kind: 'webhook' | 'schedule',
    value: { name: string; config: WebhookConfig | ScheduleConfig },
  ) {
    try {
      if (editor?.mode === 'edit') {
        await update.mutateAsync({ id: editor.id, ...value });
      } else {
        const created = await create.mutateAsync({ agentId, kind, ...value } as Parameters<
          typeof create.mutateAsync
        >[0]);
        // A new webhook stays open to show its URL and the curl call (the list is reloaded by then).
        setEditor(kind === 'webhook' ? { mode: 'edit', id: created.id } : null);
        return;
      }
      setEditor(null);
    } catch {
      // Shown next to the fields and below the form.
    }
  }

  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorNote message={errorMessage(list.error)} />;
  const rows = list.data;
  const editing = editor?.mode === 'edit' ? rows.find((row) => row.id === editor.id) : undefined;
  const kind = editor?.mode === 'new' ? editor.kind : editing?.kind;
  const url = editing?.webhookUrl ?? null;
  const open = (next: Editor) => {
    create.reset();
    update.reset();
    setEditor(next);
  };

  return (
    <div className="space-y-6">
      <PublishedNote agentId={agentId} published={published} />
      {canEdit ? (
        <div className="flex gap-2">
          <Button onClick={() => open({ mode: 'new', kind: 'webhook' })}>{t('newWebhook')}</Button>
          <Button variant="secondary" onClick={() => open({ mode: 'new', kind: 'schedule' })}>
            {t('newSchedule')}
          </Button>
        </div>
      ) : null}
      <ErrorNote
        message={
          [setEnabled.error, remove.error, rotate.error].filter(Boolean).map(errorMessage).join(' ') || null
        }
      />
      {rows.length === 0 ? (
        <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
      ) : (
        <Card>
          <TriggerList
            rows={rows}
            busyId={busyId}
            canEdit={canEdit}
            onToggle={(row) => setEnabled.mutate({ id: row.id, enabled: !row.enabled })}
            onEdit={(row) => open({ mode: 'edit', id: row.id })}
            onRemove={(row) => {
              if (window.confirm(t('confirmDelete', { name: row.name }))) {
                if (editor?.mode === 'edit' && editor.id === row.id) setEditor(null);
                remove.mutate({ id: row.id });
              }
            }}
          />
        </Card>
      )}
      {kind ? (
        <Card className="space-y-5 p-5">
          <h2 className="text-base font-semibold">
            {editing
              ? t('editing', { kind, name: editing.name })
              : kind === 'webhook'
                ? t('newWebhook')
                : t('newSchedule')}
          </h2>
          {editing?.kind === 'webhook' && url ? (
            <WebhookUrl
              url={url}
              config={editing.config as WebhookConfig}
              rotating={rotate.isPending}
              onRotate={
                canEdit
                  ? () => {
                      if (window.confirm(t('confirmRotate'))) rotate.mutate({ id: editing.id });
                    }
                  : undefined
              }
            />
          ) : null}
          {kind === 'webhook' ? (
            <WebhookForm
              key={editing?.id ?? 'new-webhook'}
              initial={editing ? { name: editing.name, config: editing.config as WebhookConfig } : undefined}
              saving={saving.isPending}
              readOnly={!canEdit}
              errors={errors}
              submitLabel={editing ? t('saveWebhook') : t('createWebhook')}
              onSubmit={(value) => save('webhook', value)}
              onCancel={() => setEditor(null)}
            />
          ) : (
            <ScheduleForm
              key={editing?.id ?? 'new-schedule'}
              initial={editing ? { name: editing.name, config: editing.config as ScheduleConfig } : undefined}
              saving={saving.isPending}
              readOnly={!canEdit}
              errors={errors}
              submitLabel={editing ? t('saveSchedule') : t('createSchedule')}
              onSubmit={(value) => save('schedule', value)}
              onCancel={() => setEditor(null)}
            />
          )}
          <ErrorNote message={saving.error ? errorMessage(saving.error) : null} />
        </Card>
      ) : null}
    </div>
  );
}
