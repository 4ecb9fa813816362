'use client';

import { EVAL_LIMITS, type JudgeModel } from '@agentry/engine/evals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
      setConcurrencyError(`A whole number from 1 to ${EVAL_LIMITS.maxConcurrency}.`);
      return;
    }
    setConcurrencyError(undefined);
    save.mutate({ agentId, requirePassingTests: draft.requirePassingTests, judge: draft.judge, concurrency });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Test settings" className="space-y-4">
      <fieldset disabled={!canEdit} className="space-y-4">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={draft.requirePassingTests}
            onChange={(event) => set({ requirePassingTests: event.target.checked })}
          />
          <span>
            <span className="font-medium">Require passing tests to publish</span>
            <span className="block text-xs text-slate-600">
              Publishing is refused until the current draft has a finished eval run with no failures.
            </span>
          </span>
        </label>
        <JudgeModelFields
          label="Default judge"
          value={draft.judge}
          noneLabel="Offline judge (deterministic, no model)"
          onChange={(judge) => set({ judge })}
        />
        <p className="-mt-2 text-xs text-slate-600">
          Judges the “judged” expectations that name no model of their own. The offline judge needs no key and
          gives the same verdict every time, but only looks for words: the rubric’s quoted phrases must all be
          in the answer (without quotes, half of its words).
        </p>
        <Field
          label="Cases run at once"
          error={concurrencyError}
          hint={`1 to ${EVAL_LIMITS.maxConcurrency}; each case is a full run of the agent.`}
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
        label="Save settings"
        readOnlyNote="Changing the settings needs the editor role."
      />
    </form>
  );
}

/** The Tests tab's settings: publishing gate, default judge, cases at once. */
export function TestsSettings({ agentId, canEdit }: { agentId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.evals.getSettings.queryOptions({ agentId }));
  if (settings.isPending) return <Loading label="Loading test settings…" />;
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
