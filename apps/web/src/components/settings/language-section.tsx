'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { LOCALES } from '@/i18n/locales';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Card, ErrorNote, Field, Select } from '../ui';

const BROWSER = '';

/**
 * The signed-in person's language for the app: one of the shipped catalogs, or the browser's language.
 * Saved on the account, so it follows them to other browsers; the page re-renders in it at once.
 */
export function LanguageSection({ current }: { current: string | null }) {
  const t = useTranslations('language');
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(current ?? BROWSER);
  const save = useMutation(trpc.auth.setLocale.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <section aria-labelledby="language-heading" className="space-y-3">
      <h2 id="language-heading" className="text-lg font-semibold">
        {t('heading')}
      </h2>
      <Card className="space-y-3 p-5">
        <Field label={t('label')} hint={t('hint')}>
          <Select
            value={value}
            disabled={save.isPending}
            onChange={(event) => {
              setValue(event.target.value);
              save.mutate({ locale: event.target.value || null });
            }}
          >
            <option value={BROWSER}>{t('browser')}</option>
            {LOCALES.map((locale) => (
              <option key={locale.code} value={locale.code} lang={locale.code}>
                {locale.name}
              </option>
            ))}
          </Select>
        </Field>
        <ErrorNote message={save.error ? errorMessage(save.error) : null} />
      </Card>
    </section>
  );
}
