'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('settings.copilot');
  const common = useTranslations('common');
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
    <form onSubmit={submit} noValidate aria-label={t('form')} className="space-y-4">
      <fieldset disabled={!canEdit} className="grid gap-3 sm:grid-cols-3">
        <Field label={t('provider')} error={fields.provider}>
          <Select
            value={draft.provider}
            onChange={(event) =>
              // A key belongs to one provider, and a model name to its provider: both start over.
              set({ provider: event.target.value, model: '', credentialId: '' })
            }
          >
            <option value={OFFLINE}>{t('offline')}</option>
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
              label={t('model')}
              error={fields.model}
              hint={info?.defaultModel ? t('modelHint', { model: info.defaultModel }) : t('modelHintDefault')}
            >
              <Input
                value={draft.model}
                maxLength={200}
                placeholder={info?.defaultModel}
                onChange={(event) => set({ model: event.target.value })}
              />
            </Field>
            <Field label={t('credential')} error={fields.credentialId}>
              <Select
                value={draft.credentialId}
                onChange={(event) => set({ credentialId: event.target.value })}
              >
                <option value="">{t('noCredential')}</option>
                {usable.map((credential) => (
                  <option key={credential.id} value={credential.id}>
                    {credential.name}
                    {credential.maskedKey ? ` (${credential.maskedKey})` : ''}
                  </option>
                ))}
                {/* The saved choice stays shown while the list loads, or after its credential went. */}
                {draft.credentialId && !usable.some((credential) => credential.id === draft.credentialId) ? (
                  <option value={draft.credentialId}>
                    {credentials.isPending ? common('loading') : t('goneCredential')}
                  </option>
                ) : null}
              </Select>
              {usable.length === 0 && credentials.isSuccess ? (
                <span className="block text-xs text-slate-500">
                  {t.rich('noCredentialYet', {
                    provider: info?.label ?? draft.provider,
                    link: (chunks) => (
                      <Link href="/credentials" className="underline">
                        {chunks}
                      </Link>
                    ),
                  })}
                </span>
              ) : null}
            </Field>
          </>
        ) : null}
      </fieldset>
      <p className="text-xs text-slate-600">{draft.provider ? t('sentModel') : t('sentOffline')}</p>
      <ErrorNote message={save.error && !Object.keys(fields).length ? errorMessage(save.error) : null} />
      <SettingsSaveRow
        canEdit={canEdit}
        saving={save.isPending}
        saved={saved}
        label={t('save')}
        readOnlyNote={t('readOnly')}
      />
    </form>
  );
}

/** Settings → Copilot: which model answers in the builder's Copilot panel, and what it is sent. */
export function CopilotSection({ canEdit }: { canEdit: boolean }) {
  const t = useTranslations('settings.copilot');
  const trpc = useTRPC();
  const settings = useQuery(trpc.copilot.settings.queryOptions());
  return (
    <section id="copilot" aria-labelledby="copilot-heading" className="scroll-mt-8 space-y-3">
      <h2 id="copilot-heading" className="text-lg font-semibold">
        {t('heading')}
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
