import { useTranslations } from 'next-intl';
import { USAGE_RANGES, type UsageRange } from './usage-types';

/** The 24 h / 7 d / 30 d switch. */
export function RangePicker({ value, onChange }: { value: UsageRange; onChange(range: UsageRange): void }) {
  const t = useTranslations('usage.range');
  return (
    <fieldset className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      <legend className="sr-only">{t('legend')}</legend>
      {USAGE_RANGES.map((range) => (
        <button
          key={range}
          type="button"
          aria-pressed={range === value}
          title={t('title', { range })}
          onClick={() => onChange(range)}
          className="rounded px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-pressed:bg-brand-600 aria-pressed:text-white"
        >
          {t('short', { range })}
        </button>
      ))}
    </fieldset>
  );
}
