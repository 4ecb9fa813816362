'use client';

import type { JudgeModel } from '@agentry/engine/evals';
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
  return (
    <div className="space-y-2">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={value !== undefined}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked ? null : undefined)}
        />
        Use another judge for this run (instead of the test settings’)
      </label>
      {value !== undefined && !disabled ? (
        <JudgeModelFields
          label="Judge for this run"
          value={value}
          onChange={onChange}
          noneLabel="Offline judge (deterministic, no model)"
        />
      ) : null}
    </div>
  );
}
