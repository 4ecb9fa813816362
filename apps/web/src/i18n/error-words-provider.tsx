'use client';

import { useLocale, useTranslations } from 'next-intl';
import { installErrorWords } from './error-words';

/** Installs the `apiErrors` words for errorMessage/fieldErrors in the browser (see error-words.ts). */
export function ErrorWords() {
  const locale = useLocale();
  const t = useTranslations('apiErrors');
  installErrorWords(locale, t as unknown as Parameters<typeof installErrorWords>[1]);
  return null;
}
