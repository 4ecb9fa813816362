// For unit tests only: the Tests tab's words in a shipped language, without React.
import { createTranslator } from 'next-intl';
import en from '../../../messages/en.json';
import zh from '../../../messages/zh-CN.json';
import { createFormat } from '../../i18n/format';
import type { EvalsT, EvalWords } from './words';

const CATALOGS = { en, 'zh-CN': zh } as const;

/** The `evals` words and formats of `locale`, as `useEvalWords()` gives them in the app. */
export function evalWords(locale: keyof typeof CATALOGS): EvalWords {
  const t = createTranslator({ locale, messages: CATALOGS[locale], namespace: 'evals' });
  return { t: t as unknown as EvalsT, format: createFormat(locale) };
}
