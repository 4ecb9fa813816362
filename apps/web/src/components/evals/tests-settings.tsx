'use client';

import { EVAL_LIMITS, type JudgeModel } from '@agentry/engine/evals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { ErrorNote, Field, Input, Loading, SettingsSaveRow } from '../ui';
import { JudgeModelFields } from './judge-model-fields';

/** The settings as the form holds them (concurrency as typed). */
interface SettingsDraft {
  requirePassingTests: boolean;
  judge: JudgeModel | null;
  concurrency: string;
}

function SettingsForm({
  agentId,
  initial,
  canEdit,
}: {
  agentId: string;
  initial: SettingsDraft;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [concurrencyError, setConcurrencyError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.evals.saveSettings.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        // The runs panel and the publish check read these settings too.
        void queryClient.invalidateQueries({ queryKey: trpc.evals.getSettings.queryKey({ agentId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.evals.publishCheck.queryKey({ agentId }) });
      },
    }),
  );
  const set = (patch: Partial<SettingsDraft>) => {
    setSaved(false);
    setDraft((current) => ({ ...current, ...patch }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const concurrency = Number(draft.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > EVAL_LIMITS.maxConcurrency) {
      setConcurrencyError(t('settings.concurrencyError', { max: EVAL_LIMITS.maxConcurrency }));
      return;
    }
    setConcurrencyError(undefined);
    save.mutate({ agentId, requirePassingTests: draft.requirePassingTests, judge: draft.judge, concurrency });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.label')} className="space-y-4">
      <fieldset disabled={!canEdit} className="space-y-4">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={draft.requirePassingTests}
            onChange={(event) => set({ requirePassingTests: event.target.checked })}
          />
          <span>
            <span className="font-medium">{t('settings.require')}</span>
            <span className="block text-xs text-slate-600">{t('settings.requireHint')}</span>
          </span>
        </label>
        <JudgeModelFields
          label={t('settings.defaultJudge')}
          value={draft.judge}
          noneLabel={t('judge.offline')}
          onChange={(judge) => set({ judge })}
        />
        <p className="-mt-2 text-xs text-slate-600">{t('settings.judgeHelp')}</p>
        <Field
          label={t('settings.concurrency')}
          error={concurrencyError}
          hint={t('settings.concurrencyHint', { max: EVAL_LIMITS.maxConcurrency })}
        >
          <Input
            type="number"
            min={1}
            max={EVAL_LIMITS.maxConcurrency}
            className="w-28"
            value={draft.concurrency}
            onChange={(event) => set({ concurrency: event.target.value })}
          />
        </Field>
      </fieldset>
      <ErrorNote message={save.error ? errorMessage(save.error) : null} />
      <SettingsSaveRow
        canEdit={canEdit}
        saving={save.isPending}
        saved={saved}
        label={t('settings.save')}
        readOnlyNote={t('settings.readOnly')}
      />
    </form>
  );
}

/** The Tests tab's settings: publishing gate, default judge, cases at once. */
export function TestsSettings({ agentId, canEdit }: { agentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const t = useTranslations('evals.settings');
  const settings = useQuery(trpc.evals.getSettings.queryOptions({ agentId }));
  if (settings.isPending) return <Loading label={t('loading')} />;
  if (settings.error) return <ErrorNote message={errorMessage(settings.error)} />;
  return (
    <SettingsForm
      agentId={agentId}
      canEdit={canEdit}
      initial={{
        requirePassingTests: settings.data.requirePassingTests,
        judge: settings.data.judge,
        concurrency: String(settings.data.concurrency),
      }}
    />
  );
}
