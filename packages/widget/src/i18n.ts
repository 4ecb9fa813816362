import { en, type WordKey, type Words } from './lang-en';
import { zhCN } from './lang-zh-CN';

/**
 * The widget's languages by BCP 47 tag. To add one: a file like lang-zh-CN.ts with every key of
 * lang-en.ts, and a line here (docs/embedding.md says more).
 */
export const LANGUAGES: Record<string, Words> = { en, 'zh-CN': zhCN };

/**
 * The widget language a BCP 47 tag asks for: the same tag, else Simplified Chinese for `zh`, `zh-CN`,
 * `zh-SG` and `zh-Hans…`, else a language with the same primary subtag (`en-GB` → `en`); undefined
 * when the widget does not speak it (or the tag is empty).
 */
export function matchLanguage(tag: string | null | undefined): string | undefined {
  const lower = (tag ?? '').trim().toLowerCase().replace(/_/g, '-');
  if (!lower) return undefined;
  const codes = Object.keys(LANGUAGES);
  const exact = codes.find((code) => code.toLowerCase() === lower);
  if (exact) return exact;
  if (/^zh(-(hans|cn|sg)(-|$)|$)/.test(lower)) return 'zh-CN';
  const primary = lower.split('-')[0];
  // Other Chinese tags (zh-TW, zh-Hant) are Traditional Chinese: not Simplified.
  return primary === 'zh' ? undefined : codes.find((code) => code.toLowerCase().split('-')[0] === primary);
}

/**
 * The language to speak: the first tag given (the element's `lang`, else the page's) when the widget
 * speaks it, else the agent's default language, else English.
 */
export function pickLanguage(tag: string | null | undefined, fallback?: string): string {
  return matchLanguage(tag) ?? matchLanguage(fallback) ?? 'en';
}

/** A word of a language (English where the language lacks it), with its `{name}` parts filled in. */
export function translate(
  language: string,
  key: WordKey,
  values: Record<string, string | number> = {},
): string {
  const text = LANGUAGES[language]?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}
