'use client';

import type { JudgeModel } from '@agentry/engine/evals';
import { useTranslations } from 'next-intl';
import { JudgeModelFields } from '../judge-model-fields';

/**
 * The judge of one eval run, over the agent's test settings: off keeps the settings' judge (undefined);
 * on picks the offline judge (null) or a provider's model, with the same fields as the settings.
 */
export function JudgeOverride({
  value,
  onChange,
  disabled,
}: {
  value: JudgeModel | null | undefined;
  onChange: (value: JudgeModel | null | undefined) => void;
  disabled: boolean;
}) {
  const t = useTranslations('evals');
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={value !== undefined}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked ? null : undefined)}
        />
        {t('controls.override')}
      </label>
      {value !== undefined && !disabled ? (
        <JudgeModelFields
          label={t('controls.overrideLabel')}
          value={value}
          onChange={onChange}
          noneLabel={t('judge.offline')}
        />
      ) : null}
    </div>
  );
}
