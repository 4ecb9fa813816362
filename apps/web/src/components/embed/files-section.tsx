'use client';

import type { EmbedSettings } from '@agentry/api';
import { useTranslations } from 'next-intl';
import { Field, Input } from '../ui';

type Files = EmbedSettings['files'];
type Kind = Files['kinds'][number];

/** The kinds a visitor may send, grouped as an owner thinks of them. */
const KIND_GROUPS: { label: 'images' | 'pdf' | 'text' | 'word' | 'data'; kinds: Kind[] }[] = [
  { label: 'images', kinds: ['png', 'jpeg', 'webp', 'gif'] },
  { label: 'pdf', kinds: ['pdf'] },
  { label: 'text', kinds: ['txt', 'md'] },
  { label: 'word', kinds: ['docx'] },
  { label: 'data', kinds: ['csv', 'json'] },
];

/**
 * "Files from visitors": whether the widget offers an attach button (and takes paste and drop), the
 * largest file and the kinds accepted. The server checks every upload against the same settings.
 */
export function FilesSection({
  value,
  onChange,
  error,
}: {
  value: Files;
  onChange: (files: Files) => void;
  error: (field: string) => string | undefined;
}) {
  const t = useTranslations('embed.files');
  const toggleGroup = (kinds: Kind[], on: boolean) =>
    onChange({
      ...value,
      kinds: on
        ? [...new Set([...value.kinds, ...kinds])]
        : value.kinds.filter((kind) => !kinds.includes(kind)),
    });
  return (
    <div className="space-y-4 text-sm text-slate-700">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={value.enabled}
          onChange={(event) => onChange({ ...value, enabled: event.target.checked })}
        />
        {t('enabled')}
      </label>
      <fieldset disabled={!value.enabled} className="space-y-4 disabled:opacity-60">
        <Field label={t('maxFileMb')} hint={t('maxFileMbHint')} error={error('files.maxFileMb')}>
          <Input
            type="number"
            min={0.1}
            max={25}
            step={0.1}
            value={value.maxFileMb}
            onChange={(event) => onChange({ ...value, maxFileMb: Number(event.target.value) })}
          />
        </Field>
        <fieldset className="flex flex-wrap gap-x-6 gap-y-2">
          <legend className="mb-1 w-full text-sm font-medium">{t('kinds')}</legend>
          {KIND_GROUPS.map((group) => (
            <label key={group.label} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={group.kinds.every((kind) => value.kinds.includes(kind))}
                onChange={(event) => toggleGroup(group.kinds, event.target.checked)}
              />
              {t(group.label)}
            </label>
          ))}
        </fieldset>
        {error('files.kinds') ? <p className="text-xs text-red-700">{error('files.kinds')}</p> : null}
        {value.enabled && value.kinds.length === 0 ? (
          <p role="status" className="text-xs text-amber-800">
            {t('noKind')}
          </p>
        ) : null}
      </fieldset>
    </div>
  );
}
