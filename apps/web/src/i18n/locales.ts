/** A language the app ships: its BCP 47 tag and its name in itself ("简体中文"). */
export interface LocaleInfo {
  code: string;
  name: string;
}

/**
 * The languages the app ships, one per `messages/<code>.json`. next.config.mjs reads that folder when the
 * app is built and passes the list in, so adding a language is adding one file.
 */
export const LOCALES: readonly LocaleInfo[] = JSON.parse(
  process.env.NEXT_PUBLIC_AGENTRY_LOCALES ?? '[{"code":"en","name":"English"}]',
);

/** English: the language of the engine, the CLI and the API, and the fallback for any missing word. */
export const DEFAULT_LOCALE = 'en';

/** Remembers a language picked before signing in (the sign-in page's chooser). */
export const LOCALE_COOKIE = 'agentry_locale';

/** True when the app ships a catalog for `code`. */
export function isShippedLocale(code: string | null | undefined): code is string {
  return !!code && LOCALES.some((locale) => locale.code === code);
}
