'use client';

import { useTranslations } from 'next-intl';
import { Field, Input } from '../ui';
import type { TriggerLimits } from './trigger-types';

/** The two caps every trigger has; `errors` are the server's messages keyed by `runsPerMinute` etc. */
export function LimitsFields({
  value,
  onChange,
  errors,
}: {
  value: TriggerLimits;
  onChange(next: TriggerLimits): void;
  errors: Record<string, string | undefined>;
}) {
  const t = useTranslations('triggers.limits');
  const number = (key: keyof TriggerLimits) => (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({ ...value, [key]: event.target.valueAsNumber || 0 });
  return (
    <fieldset className="grid gap-4 sm:grid-cols-2">
      <legend className="mb-2 text-sm font-semibold">{t('legend')}</legend>
      <Field label={t('runsPerMinute')} hint={t('runsPerMinuteHint')} error={errors.runsPerMinute}>
        <Input
          type="number"
          min={1}
          max={10000}
          value={value.runsPerMinute}
          onChange={number('runsPerMinute')}
        />
      </Field>
      <Field label={t('tokensPerDay')} hint={t('tokensPerDayHint')} error={errors.tokensPerDay}>
        <Input
          type="number"
          min={100}
          step={1000}
          value={value.tokensPerDay}
          onChange={number('tokensPerDay')}
        />
      </Field>
    </fieldset>
  );
}
