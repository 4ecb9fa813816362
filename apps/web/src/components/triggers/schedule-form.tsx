'use client';

import { useQuery } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Field, Input, Select } from '../ui';
import { TriggerFormActions } from './form-actions';
import { type CronProblem, describeCron, formatInZone, localTimeZone, timeZones } from './cron-text';
import { LimitsFields } from './limits-fields';
import { DEFAULT_LIMITS, limitProblems, type ScheduleConfig } from './trigger-types';

/** `value`, once it has stopped changing for `ms` (the next-runs preview asks the server once per pause). */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The next five runs of a valid expression, in the schedule's own zone. */
function NextRuns({ cron, timezone }: { cron: string; timezone: string }) {
  const t = useTranslations('triggers.schedule');
  const locale = useLocale();
  const trpc = useTRPC();
  const settled = useSettled({ cron, timezone });
  const valid = 'text' in describeCron(settled.cron);
  const preview = useQuery(trpc.triggers.preview.queryOptions(settled, { enabled: valid }));
  if (!valid) return null;
  if (preview.error) return <p className="text-xs text-red-600">{errorMessage(preview.error)}</p>;
  if (!preview.data) return <p className="text-xs text-slate-500">{t('nextRunsLoading')}</p>;
  // The server's parser is the scheduler's: it may refuse what the words above read (e.g. a 31 February).
  if (preview.data.errors.length > 0)
    return <p className="text-xs text-red-600">{preview.data.errors.join(' ')}</p>;
  return (
    <div>
      <p className="text-sm font-medium text-slate-700">
        {t('nextRunsHeading', { timezone: settled.timezone })}
      </p>
      <ol
        className="mt-1 list-inside list-decimal text-sm tabular-nums text-slate-700"
        aria-label={t('nextRuns')}
        data-testid="next-runs"
      >
        {preview.data.nextRuns.map((when) => (
          <li key={String(when)}>{formatInZone(when, settled.timezone, locale)}</li>
        ))}
      </ol>
    </div>
  );
}

/** The schedule's name and settings; `errors` are the server's, keyed like `config.cron`. */
export function ScheduleForm({
  initial,
  saving,
  errors,
  submitLabel,
  readOnly = false,
  onSubmit,
  onCancel,
}: {
  initial?: { name: string; config: ScheduleConfig };
  saving: boolean;
  errors: Record<string, string>;
  submitLabel: string;
  /** For viewers: the settings are shown, not saved. */
  readOnly?: boolean;
  onSubmit(value: { name: string; config: ScheduleConfig }): void;
  onCancel(): void;
}) {
  const t = useTranslations('triggers');
  const locale = useLocale();
  const zones = useMemo(timeZones, []);
  const [name, setName] = useState(initial?.name ?? t('schedule.defaultName'));
  const [config, setConfig] = useState<ScheduleConfig>(
    initial?.config ?? {
      cron: '0 8 * * 1-5',
      timezone: localTimeZone(),
      input: t('schedule.defaultInput'),
      missed: 'run_once',
      limits: DEFAULT_LIMITS,
    },
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const described = describeCron(config.cron, locale);
  const problemText = (problem: CronProblem) =>
    problem.kind === 'empty'
      ? t('cron.empty')
      : problem.kind === 'fields'
        ? t('cron.fields', { fields: problem.fields })
        : problem.detail
          ? t('cron.invalid', { detail: problem.detail })
          : t('cron.notCron');
  const set = <K extends keyof ScheduleConfig>(key: K, value: ScheduleConfig[K]) =>
    setConfig((current) => ({ ...current, [key]: value }));
  const error = (field: string) => localErrors[field] ?? errors[`config.${field}`];

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = t('form.nameMissing');
    if ('problem' in described) problems.cron = problemText(described.problem);
    for (const [field, cap] of Object.entries(limitProblems(config.limits)))
      problems[field] = t(`limits.${cap}Range`);
    setLocalErrors(problems);
    if (Object.keys(problems).length === 0)
      onSubmit({ name: name.trim(), config: { ...config, cron: config.cron.trim() } });
  }

  return (
    <form onSubmit={submit} className="space-y-5" aria-label={t('schedule.formLabel')} noValidate>
      <Field label={t('form.name')} error={localErrors.name ?? errors.name}>
        <Input value={name} onChange={(event) => setName(event.target.value)} maxLength={120} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('schedule.cron')} error={error('cron')} hint={t('schedule.cronHint')}>
          <Input
            className="font-mono"
            value={config.cron}
            onChange={(event) => set('cron', event.target.value)}
          />
        </Field>
        <Field label={t('schedule.timezone')} error={error('timezone')}>
          <Select value={config.timezone} onChange={(event) => set('timezone', event.target.value)}>
            {zones.includes(config.timezone) ? null : (
              <option value={config.timezone}>{config.timezone}</option>
            )}
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div aria-live="polite" className="space-y-2">
        {'text' in described ? (
          <p className="text-sm text-slate-800" data-testid="cron-description">
            {t('schedule.described', { text: described.text, timezone: config.timezone })}
          </p>
        ) : null}
        <NextRuns cron={config.cron} timezone={config.timezone} />
      </div>
      <Field label={t('form.input')} hint={t('schedule.inputHint')} error={error('input')}>
        <textarea
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
          rows={3}
          value={config.input}
          onChange={(event) => set('input', event.target.value)}
        />
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-semibold">{t('schedule.missed')}</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="missed"
            checked={config.missed === 'run_once'}
            onChange={() => set('missed', 'run_once')}
          />
          {t('schedule.missedRunOnce')}
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="missed"
            checked={config.missed === 'skip'}
            onChange={() => set('missed', 'skip')}
          />
          {t('schedule.missedSkip')}
        </label>
      </fieldset>
      <LimitsFields
        value={config.limits}
        onChange={(limits) => set('limits', limits)}
        errors={{ runsPerMinute: error('limits.runsPerMinute'), tokensPerDay: error('limits.tokensPerDay') }}
      />
      <TriggerFormActions readOnly={readOnly} saving={saving} submitLabel={submitLabel} onCancel={onCancel} />
    </form>
  );
}
