import type { EvalCase, JudgeModel } from './case-format';

/** What a judge is asked: does this answer to this input satisfy the rubric? */
export interface JudgeRequest {
  rubric: string;
  input: EvalCase['input'];
  answer: string;
  signal?: AbortSignal;
}

/** A judge's verdict, with who gave it (a model name, or the offline judge). */
export interface JudgeVerdict {
  pass: boolean;
  reason: string;
  by: string;
  /** The offline judge gave it (word matching, no model): read it as a rough check. */
  offline: boolean;
}

/** Judges one answer; throws JudgeError when it cannot give a verdict. */
export type Judge = (request: JudgeRequest) => Promise<JudgeVerdict>;

/** The judge for a `judge` expectation's model (undefined: the eval run's default judge). */
export type JudgeFor = (model: JudgeModel | undefined) => Judge | Promise<Judge>;

/** Why a judge gave no verdict. */
export type JudgeErrorCode = 'malformed_verdict' | 'judge_failed';

/** A judge could not give a verdict: the expectation fails with this message (the case still runs). */
export class JudgeError extends Error {
  readonly code: JudgeErrorCode;

  constructor(code: JudgeErrorCode, message: string) {
    super(message);
    this.name = 'JudgeError';
    this.code = code;
  }
}

/** Words that say how to judge rather than what the answer must hold. */
const STOP_WORDS = new Set(
  (
    'about above after also answer answers because been before being both could does each from have ' +
    'into just like mention mentions mentioned more most must only other should some such than that ' +
    'their them then there these they this those very what when where which while will with would ' +
    'your reply response respond says say state states tell tells user users question'
  ).split(' '),
);

/** Text in double, single or curly quotes: phrases the answer must contain word for word. */
const QUOTED = /"([^"]+)"|“([^”]+)”|‘([^’]+)’|(?<![\p{L}\p{N}])'([^']+)'(?![\p{L}\p{N}])/gu;

/** The quoted phrases of a rubric. */
export function quotedPhrases(rubric: string): string[] {
  const phrases: string[] = [];
  for (const match of rubric.matchAll(QUOTED)) {
    const phrase = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').trim();
    if (phrase) phrases.push(phrase);
  }
  return phrases;
}

/** The content words of a rubric: 4+ letters, not stop words, each once. */
export function rubricWords(rubric: string): string[] {
  const words = rubric.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  return [...new Set(words.filter((word) => !STOP_WORDS.has(word)))];
}

function listed(items: readonly string[]): string {
  return items.length === 0 ? 'none' : items.map((item) => `"${item}"`).join(', ');
}

/**
 * A deterministic judge for runs without a judge model (the offline model, CI without keys): quoted
 * phrases of the rubric must all appear in the answer; without quotes, at least half of the rubric's
 * content words must. It is labelled so nobody mistakes it for a model's judgement.
 */
export const offlineJudge: Judge = async ({ rubric, answer }) => {
  const haystack = answer.toLowerCase();
  const phrases = quotedPhrases(rubric);
  const by = 'offline judge';
  if (phrases.length > 0) {
    const missing = phrases.filter((phrase) => !haystack.includes(phrase.toLowerCase()));
    const found = phrases.filter((phrase) => !missing.includes(phrase));
    return {
      pass: missing.length === 0,
      reason: `Offline judge (no model): quoted phrases found: ${listed(found)}; missing: ${listed(missing)}.`,
      by,
      offline: true,
    };
  }
  const words = rubricWords(rubric);
  if (words.length === 0) {
    return {
      pass: false,
      reason:
        'Offline judge (no model): the rubric has no quoted phrases and no words to look for; quote the text the answer must contain, or set a judge model.',
      by,
      offline: true,
    };
  }
  const found = words.filter((word) => haystack.includes(word));
  const missing = words.filter((word) => !haystack.includes(word));
  const needed = Math.ceil(words.length / 2);
  return {
    pass: found.length >= needed,
    reason: `Offline judge (no model): ${found.length} of ${words.length} rubric words found (${needed} needed); found: ${listed(found)}; missing: ${listed(missing)}.`,
    by,
    offline: true,
  };
};
