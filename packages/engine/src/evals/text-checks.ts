import type { Expectation } from './case-format';

/** Answers longer than this are not parsed or matched with a pattern (bounded work per case). */
export const MAX_CHECKED_ANSWER_CHARS = 1024 * 1024;

/** A check's verdict and the sentence explaining it. */
export interface Verdict {
  passed: boolean;
  message: string;
}

export type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** Text shortened for a message, quoted. */
export function quote(text: string, limit = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > limit ? `${flat.slice(0, limit)}…` : flat);
}

function fold(text: string, caseSensitive: boolean | undefined): string {
  return caseSensitive ? text : text.toLowerCase();
}

function listOf(texts: string | string[]): string[] {
  return typeof texts === 'string' ? [texts] : texts;
}

/** `contains`: every text appears in the answer. */
export function checkContains(expectation: Of<'contains'>, answer: string): Verdict {
  const haystack = fold(answer, expectation.caseSensitive);
  const texts = listOf(expectation.contains);
  const missing = texts.filter((text) => !haystack.includes(fold(text, expectation.caseSensitive)));
  if (missing.length === 0)
    return { passed: true, message: `Contains ${texts.map((t) => quote(t)).join(', ')}.` };
  return { passed: false, message: `Does not contain ${missing.map((t) => quote(t)).join(', ')}.` };
}

/** `notContains`: none of the texts appears in the answer. */
export function checkNotContains(expectation: Of<'notContains'>, answer: string): Verdict {
  const haystack = fold(answer, expectation.caseSensitive);
  const texts = listOf(expectation.notContains);
  const found = texts.filter((text) => haystack.includes(fold(text, expectation.caseSensitive)));
  if (found.length === 0)
    return { passed: true, message: `Contains none of ${texts.map((t) => quote(t)).join(', ')}.` };
  return { passed: false, message: `Contains ${found.map((t) => quote(t)).join(', ')}, which it must not.` };
}

/** `equals`: the trimmed answer is exactly the trimmed text. */
export function checkEquals(expectation: Of<'equals'>, answer: string): Verdict {
  const same =
    fold(answer.trim(), expectation.caseSensitive) ===
    fold(expectation.equals.trim(), expectation.caseSensitive);
  if (same) return { passed: true, message: `Equals ${quote(expectation.equals)}.` };
  return { passed: false, message: `Expected exactly ${quote(expectation.equals)}, got ${quote(answer)}.` };
}

/** `regex`: the answer matches the pattern; a pattern that does not compile fails saying why. */
export function checkRegex(expectation: Of<'regex'>, answer: string): Verdict {
  const shown = `/${expectation.regex}/${expectation.flags ?? ''}`;
  let pattern: RegExp;
  try {
    pattern = new RegExp(expectation.regex, expectation.flags ?? '');
  } catch (error) {
    return {
      passed: false,
      message: `The pattern ${shown} is not a valid regular expression: ${(error as Error).message}`,
    };
  }
  if (answer.length > MAX_CHECKED_ANSWER_CHARS) {
    return { passed: false, message: `The answer is over 1 MB; it is not matched against ${shown}.` };
  }
  if (pattern.test(answer)) return { passed: true, message: `Matches ${shown}.` };
  return { passed: false, message: `Does not match ${shown}.` };
}

/** The JSON of an answer: the whole text, or the inside of one ```json fence. */
export function jsonText(answer: string): string {
  const fenced = /^\s*```(?:json)?[ \t]*\n([\s\S]*?)\n?```\s*$/i.exec(answer);
  return (fenced?.[1] ?? answer).trim();
}
