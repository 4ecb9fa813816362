'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/lib/trpc';
import { JUDGE_PROVIDERS, judgeCredentials } from '../evals/judge-choice';
import { Card, ErrorNote, Field, Input, Loading, Select, SettingsSaveRow } from '../ui';

/** The form's value: no provider is the offline copilot. */
interface CopilotDraft {
  provider: string;
  model: string;
  credentialId: string;
}

const OFFLINE = '';

/**
 * The model the builder's Copilot uses, for the whole workspace: the offline copilot (templates and the
 * node catalog, no model) or a provider with its model and one of the workspace's credentials for it
 * (none: the server's environment key). The provider list and the credential filter are the evals judge's.
 */
function CopilotForm({ initial, canEdit }: { initial: CopilotDraft; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.copilot.setSettings.mutationOptions({
      onSuccess: (view) => {
        setSaved(true);
        queryClient.setQueryData(trpc.copilot.settings.queryKey(), view);
      },
    }),
  );
  const fields = fieldErrors(save.error);
  const info = JUDGE_PROVIDERS.find((item) => item.id === draft.provider);
  const usable = draft.provider ? judgeCredentials(credentials.data ?? [], draft.provider) : [];
  const set = (patch: Partial<CopilotDraft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      draft.provider === OFFLINE
        ? null
        : { provider: draft.provider, model: draft.model, credentialId: draft.credentialId || null },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Copilot settings" className="space-y-4">
      <fieldset disabled={!canEdit} className="grid gap-3 sm:grid-cols-3">
        <Field label="Copilot model" error={fields.provider}>
          <Select
            value={draft.provider}
            onChange={(event) =>
              // A key belongs to one provider, and a model name to its provider: both start over.
              set({ provider: event.target.value, model: '', credentialId: '' })
            }
          >
            <option value={OFFLINE}>Offline copilot (no model)</option>
            {JUDGE_PROVIDERS.map((item) => (
              <option key={item.id} value={item.id}>
                {item.label}
              </option>
            ))}
          </Select>
        </Field>
        {draft.provider ? (
          <>
            <Field
              label="Model"
              error={fields.model}
              hint={`Empty: ${info?.defaultModel ?? 'the provider’s default'}.`}
            >
              <Input
                value={draft.model}
                maxLength={200}
                placeholder={info?.defaultModel}
                onChange={(event) => set({ model: event.target.value })}
              />
            </Field>
            <Field label="Credential" error={fields.credentialId}>
              <Select
                value={draft.credentialId}
                onChange={(event) => set({ credentialId: event.target.value })}
              >
                <option value="">None (the server’s environment key)</option>
                {usable.map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name}
                    {credential.maskedKey ? ` (${credential.maskedKey})` : ''}
                  </option>
                ))}
                {/* The saved choice stays shown while the list loads, or after its credential went. */}
                {draft.credentialId && !usable.some((credential) => credential.id === draft.credentialId) ? (
                  <option value={draft.credentialId}>
                    {credentials.isPending ? 'Loading…' : 'A credential that no longer exists'}
                  </option>
                ) : null}
              </Select>
              {usable.length === 0 && credentials.isSuccess ? (
                <span className="block text-xs text-slate-500">
                  No {info?.label ?? draft.provider} credential yet;{' '}
                  <Link href="/credentials" className="underline">
                    add one
                  </Link>{' '}
                  or set the key in the server’s environment.
                </span>
              ) : null}
            </Field>
          </>
        ) : null}
      </fieldset>
      <p className="text-xs text-slate-600">
        {draft.provider
          ? 'Each request sends this provider, and no one else: your request and the last 20 messages, the node catalog, and the agent’s graph and its problems, with credentials named by id only and any secret-looking setting replaced by [redacted]; the workspace’s knowledge bases, agents and credentials by id and name, and the MCP server addresses its drafts use. Keys and other secrets are never sent (the key goes only in the provider’s own authorization header).'
          : 'The offline copilot builds from the templates and the node catalog by matching the words of your request. It needs no key and sends nothing anywhere; choose a model for free-form requests.'}
      </p>
      <ErrorNote message={save.error && !Object.keys(fields).length ? errorMessage(save.error) : null} />
      <SettingsSaveRow
        canEdit={canEdit}
        saving={save.isPending}
        saved={saved}
        label="Save Copilot settings"
        readOnlyNote="Changing the Copilot’s model needs the editor role."
      />
    </form>
  );
}

/** Settings → Copilot: which model answers in the builder's Copilot panel, and what it is sent. */
export function CopilotSection({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.copilot.settings.queryOptions());
  return (
    <section id="copilot" aria-labelledby="copilot-heading" className="scroll-mt-8 space-y-3">
      <h2 id="copilot-heading" className="text-lg font-semibold">
        Copilot
      </h2>
      <Card className="p-4">
        {settings.isPending ? (
          <Loading />
        ) : settings.error ? (
          <ErrorNote message={errorMessage(settings.error)} />
        ) : (
          <CopilotForm
            canEdit={canEdit}
            initial={{
              provider: settings.data.settings?.provider ?? OFFLINE,
              model: settings.data.settings?.model ?? '',
              credentialId: settings.data.settings?.credentialId ?? '',
            }}
          />
        )}
      </Card>
    </section>
  );
}
