'use client';

import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useState } from 'react';
import { Button, Input } from '../ui';

/** The sites allowed to embed the agent: a list with add and remove. */
export function OriginsField({
  value,
  onChange,
  errors,
}: {
  value: string[];
  onChange: (origins: string[]) => void;
  errors: Record<string, string>;
}) {
  const t = useTranslations('embed.origins');
  const [draft, setDraft] = useState('');
  const add = () => {
    const text = draft.trim();
    if (!text || value.includes(text)) return;
    onChange([...value, text]);
    setDraft('');
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{t('legend')}</legend>
      <p className="text-xs text-slate-500">{t.rich('hint', { code: (chunks) => <code>{chunks}</code> })}</p>
      {value.length ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" aria-label={t('list')}>
          {value.map((origin, index) => (
            <li key={origin} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm">
              <span>
                <code>{origin}</code>
                {errors[`settings.allowedOrigins.${index}`] ? (
                  <span role="alert" className="ml-2 text-xs text-red-600">
                    {errors[`settings.allowedOrigins.${index}`]}
                  </span>
                ) : null}
              </span>
              <Button
                variant="ghost"
                className="px-2 py-1 text-xs text-red-700"
                aria-label={t('removeNamed', { origin })}
                onClick={() => onChange(value.filter((entry) => entry !== origin))}
              >
                {t('remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-md border border-dashed border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-800">
          {t('none')}
        </p>
      )}
      <div className="flex items-center gap-2">
        <Input
          aria-label={t('siteToAllow')}
          placeholder="https://www.example.com"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKey}
        />
        <Button variant="secondary" className="shrink-0" onClick={add}>
          {t('add')}
        </Button>
      </div>
    </fieldset>
  );
}
