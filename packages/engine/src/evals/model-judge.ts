import { generateText, type LanguageModel } from 'ai';
import { caseTurn, type EvalCase } from './case-format';
import { type Judge, JudgeError } from './judge';

const SYSTEM = [
  'You are a strict grader of an AI assistant’s answers.',
  'You get a rubric, the conversation the assistant answered, and its answer.',
  'Decide whether the answer satisfies the rubric.',
  'Reply with JSON only, no other text: {"pass": true or false, "reason": "one or two sentences why"}.',
].join(' ');

/** Answers are cut to this many characters for the judge (a judge call stays bounded). */
const MAX_ANSWER_CHARS = 20_000;

/** The conversation as lines a judge reads: `user: …`, `assistant: …`. */
export function conversationLines(input: EvalCase['input']): string {
  const { message, history } = caseTurn(input);
  return [...history.map((entry) => `${entry.role}: ${entry.content}`), `user: ${message}`].join('\n');
}

/** The user message of a judge call: the rubric, the input and the answer, each under a heading. */
export function judgePrompt(rubric: string, input: EvalCase['input'], answer: string): string {
  const shown = answer.length > MAX_ANSWER_CHARS ? `${answer.slice(0, MAX_ANSWER_CHARS)}…` : answer;
  return `Rubric:\n${rubric}\n\nConversation:\n${conversationLines(input)}\n\nAnswer:\n${shown}`;
}

/** The first balanced JSON object in a text (string-aware), or undefined. */
export function firstJsonObject(text: string): string | undefined {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let index = start; index < text.length; index++) {
      const char = text[index];
      if (inString) {
        if (char === '\\') index++;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        const candidate = text.slice(start, index + 1);
        try {
          JSON.parse(candidate);
          return candidate;
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}

/** Reads a verdict from a judge's reply; anything else is a malformed verdict quoting the reply. */
export function parseVerdict(reply: string): { pass: boolean; reason: string } {
  const found = firstJsonObject(reply);
  const value = found === undefined ? undefined : (JSON.parse(found) as Record<string, unknown>);
  if (value && typeof value.pass === 'boolean') {
    return { pass: value.pass, reason: typeof value.reason === 'string' ? value.reason : '' };
  }
  const quoted = JSON.stringify(reply.slice(0, 200));
  throw new JudgeError(
    'malformed_verdict',
    `The judge did not answer {"pass": boolean, "reason": string}; it said ${quoted}.`,
  );
}

/** A judge that asks a language model (temperature 0) for a JSON verdict. `by` names it in results. */
export function createModelJudge(model: LanguageModel, by: string): Judge {
  return async ({ rubric, input, answer, signal }) => {
    let text: string;
    try {
      const result = await generateText({
        model,
        system: SYSTEM,
        prompt: judgePrompt(rubric, input, answer),
        temperature: 0,
        abortSignal: signal,
      });
      text = result.text;
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new JudgeError('judge_failed', `The judge ${by} failed: ${(error as Error).message}`);
    }
    return { ...parseVerdict(text), by, offline: false };
  };
}
