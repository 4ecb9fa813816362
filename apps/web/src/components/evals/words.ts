import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { type Format, useFormat } from '../../i18n/format';

/** The Tests tab's catalog (namespace `evals`), as `useTranslations('evals')` gives it. */
export type EvalsT = ReturnType<typeof useTranslations<'evals'>>;

/**
 * What the Tests tab's pure helpers need to say something: the `evals` words and the locale's numbers,
 * durations and money. Components get it from `useEvalWords()`, tests build it for a locale.
 */
export interface EvalWords {
  t: EvalsT;
  format: Format;
}

/** The `evals` words and formats of the page's language. */
export function useEvalWords(): EvalWords {
  const t = useTranslations('evals');
  const format = useFormat();
  return useMemo(() => ({ t, format }), [t, format]);
}
