import { match } from '@formatjs/intl-localematcher';
import Negotiator from 'negotiator';
import { DEFAULT_LOCALE, isShippedLocale } from './locales';

/**
 * The language for a request: the signed-in user's setting, else the one picked on the sign-in page,
 * else the browser's best match (`Accept-Language`), else English.
 */
export function pickLocale(
  shipped: readonly string[],
  sources: { user?: string | null; cookie?: string | null; acceptLanguage?: string | null },
): string {
  for (const chosen of [sources.user, sources.cookie]) {
    if (chosen && shipped.includes(chosen)) return chosen;
  }
  const requested = new Negotiator({
    headers: { 'accept-language': sources.acceptLanguage ?? '' },
  }).languages();
  try {
    return match(requested, shipped, DEFAULT_LOCALE);
  } catch {
    // A malformed tag in the header (RangeError from Intl): ignore the header rather than fail the page.
    return DEFAULT_LOCALE;
  }
}

export { isShippedLocale };
