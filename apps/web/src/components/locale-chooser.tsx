'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { LOCALE_COOKIE, LOCALES } from '@/i18n/locales';

/**
 * The language picker of the sign-in and set-up pages, before there is an account to save it on: kept in
 * a cookie for a year. Signed-in people choose in Settings, which wins over this.
 */
export function LocaleChooser() {
  const t = useTranslations('auth');
  const locale = useLocale();
  const router = useRouter();
  return (
    <label className="flex items-center justify-center gap-2 text-xs text-slate-500">
      <span>{t('language')}</span>
      <select
        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs text-slate-700"
        value={locale}
        onChange={(event) => {
          // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie; the Cookie Store API is not in every browser yet
          document.cookie = `${LOCALE_COOKIE}=${encodeURIComponent(event.target.value)}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
      >
        {LOCALES.map((option) => (
          <option key={option.code} value={option.code} lang={option.code}>
            {option.name}
          </option>
        ))}
      </select>
    </label>
  );
}
