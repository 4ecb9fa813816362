'use client';

import { EVAL_LIMITS, type JudgeModel } from '@agentry/engine/evals';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useId, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote, Input, Select } from '../../ui';
import { useSelectedCaseIds } from '../case-selection';
import { versionOptionLabel } from './format';
import { JudgeOverride } from './judge-override';
import { runDisabledReason } from './run-disabled-reason';

/** A published version the runs can target. */
export interface TargetVersion {
  id: string;
  version: number;
  note: string | null;
}

/** Starts an eval run: the target, all or the ticked cases, how many at once, and an optional judge. */
export function RunControls({
  agentId,
  canEdit,
  versions,
  caseCount,
  onStarted,
}: {
  agentId: string;
  canEdit: boolean;
  versions: readonly TargetVersion[];
  caseCount: number;
  onStarted: (evalRunId: string) => void;
}) {
  const trpc = useTRPC();
  const t = useTranslations('evals');
  const queryClient = useQueryClient();
  const ids = { target: useId(), concurrency: useId(), reason: useId() };
  const selected = useSelectedCaseIds();
  const settings = useQuery(trpc.evals.getSettings.queryOptions({ agentId }));
  const [target, setTarget] = useState('draft');
  const [concurrency, setConcurrency] = useState<string | null>(null);
  // undefined: the agent's test settings decide; null: the offline judge.
  const [judge, setJudge] = useState<JudgeModel | null | undefined>(undefined);
  const start = useMutation(
    trpc.evals.startRun.mutationOptions({
      onSuccess: ({ evalRunId }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.evals.listRuns.queryKey({ agentId }) });
        onStarted(evalRunId);
      },
    }),
  );
  const shownConcurrency = concurrency ?? String(settings.data?.concurrency ?? 4);
  const concurrencyNumber = Number(shownConcurrency);
  const concurrencyValid =
    Number.isInteger(concurrencyNumber) &&
    concurrencyNumber >= 1 &&
    concurrencyNumber <= EVAL_LIMITS.maxConcurrency;
  const reason = runDisabledReason(canEdit, caseCount, t);
  const disabled = reason !== null || start.isPending || !concurrencyValid;

  function run(caseIds?: readonly string[]) {
    start.mutate({
      agentId,
      target: target === 'draft' ? 'draft' : { versionId: target },
      ...(caseIds && caseIds.length > 0 ? { caseIds: [...caseIds] } : {}),
      concurrency: concurrencyNumber,
      ...(judge === undefined ? {} : { judge }),
    });
  }

  return (
    <form
      aria-label={t('controls.label')}
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        run(selected);
      }}
    >
      <div className="flex flex-wrap items-end gap-3">
        <label className="block space-y-1" htmlFor={ids.target}>
          <span className="block text-sm font-medium text-slate-700">{t('controls.runAgainst')}</span>
          <Select
            id={ids.target}
            value={target}
            disabled={reason !== null}
            onChange={(event) => setTarget(event.target.value)}
            className="w-64"
          >
            <option value="draft">{t('target.draft')}</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {versionOptionLabel(version)}
              </option>
            ))}
          </Select>
        </label>
        <label className="block space-y-1" htmlFor={ids.concurrency}>
          <span className="block text-sm font-medium text-slate-700">{t('controls.casesAtOnce')}</span>
          <Input
            id={ids.concurrency}
            type="number"
            min={1}
            max={EVAL_LIMITS.maxConcurrency}
            step={1}
            value={shownConcurrency}
            disabled={reason !== null}
            aria-invalid={!concurrencyValid}
            onChange={(event) => setConcurrency(event.target.value)}
            className="w-24"
          />
        </label>
        <div className="flex gap-2">
          <Button type="submit" disabled={disabled} aria-describedby={reason ? ids.reason : undefined}>
            {start.isPending
              ? t('controls.starting')
              : selected.length > 0
                ? t('controls.runSelected', { count: selected.length })
                : t('controls.runAll')}
          </Button>
          {selected.length > 0 ? (
            <Button
              variant="secondary"
              disabled={disabled}
              aria-describedby={reason ? ids.reason : undefined}
              onClick={() => run()}
            >
              {t('controls.runAll')}
            </Button>
          ) : null}
        </div>
      </div>
      <JudgeOverride value={judge} onChange={setJudge} disabled={reason !== null} />
      {!concurrencyValid ? (
        <p role="alert" className="text-xs text-red-600">
          {t('controls.concurrencyInvalid', { max: EVAL_LIMITS.maxConcurrency })}
        </p>
      ) : null}
      {reason ? (
        <p id={ids.reason} className="text-sm text-slate-600">
          {reason}
        </p>
      ) : null}
      <ErrorNote message={start.error ? errorMessage(start.error) : null} />
    </form>
  );
}
