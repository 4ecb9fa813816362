/**
 * Error texts in the page's language for `errorMessage` and `fieldErrors` (lib/trpc.tsx), which are
 * plain functions called from event handlers and render code all over the app. The browser renders one
 * language per page load, so <ErrorWords> (root layout) hands its translator to this module once; on the
 * server nothing is installed and the API's English is used.
 */

/** A zod issue as the API's error formatter describes it (packages/api/src/trpc/init.ts). */
export interface IssueFacts {
  path: string;
  code: string;
  minimum?: number;
  maximum?: number;
  origin?: string;
  format?: string;
  expected?: string;
}

type Translate = ((key: string, values?: Record<string, string | number>) => string) & {
  has(key: string): boolean;
};

let installed: { locale: string; t: Translate } | undefined;

/** Called by <ErrorWords> with the `apiErrors` translator. */
export function installErrorWords(locale: string, t: Translate): void {
  if (typeof window !== 'undefined') installed = { locale, t };
}

/** The translator, unless the page is English (whose words are the API's own) or none is installed. */
function translator(): Translate | undefined {
  return installed && installed.locale !== 'en' ? installed.t : undefined;
}

/** One field's problem in the page's language; undefined keeps the API's sentence. */
export function issueText(issue: IssueFacts): string | undefined {
  const t = translator();
  if (!t) return undefined;
  const { code, origin, minimum, maximum, format } = issue;
  if (code === 'too_small' && typeof minimum === 'number') {
    if (origin === 'string') return minimum <= 1 ? t('issue.required') : t('issue.tooShort', { minimum });
    if (origin === 'array' || origin === 'set') return t('issue.tooFew', { minimum });
    return t('issue.tooSmall', { minimum });
  }
  if (code === 'too_big' && typeof maximum === 'number') {
    if (origin === 'string') return t('issue.tooLong', { maximum });
    if (origin === 'array' || origin === 'set') return t('issue.tooMany', { maximum });
    return t('issue.tooBig', { maximum });
  }
  if (code === 'invalid_format') {
    return format === 'email' || format === 'url' ? t(`issue.${format}`) : t('issue.format');
  }
  if (code === 'invalid_type' || code === 'invalid_value' || code === 'invalid_union') {
    return t('issue.value');
  }
  return undefined;
}

/**
 * A failed call's message in the page's language: a translated sentence for the kind of failure, with
 * the API's own detail after it (names, limits and values it gives are data). Undefined: use the API's.
 */
export function failureText(facts: {
  appCode?: string;
  httpStatus?: number;
  issues?: IssueFacts[];
  message: string;
  network?: boolean;
}): string | undefined {
  const t = translator();
  if (!t) return undefined;
  if (facts.network) return t('network');
  if (facts.issues?.length) {
    const first = facts.issues.map(issueText).find((text) => text !== undefined);
    return first ? t('invalidInput', { detail: first }) : undefined;
  }
  const code = facts.appCode;
  if (code && t.has(`code.${code}`))
    return t('withDetail', { headline: t(`code.${code}`), detail: facts.message });
  return undefined;
}
