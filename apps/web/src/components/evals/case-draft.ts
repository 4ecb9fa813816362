import {
  type EvalCase,
  type EvalMessage,
  evalCaseSchema,
  type Expectation,
  EVAL_LIMITS,
} from '@agentry/engine/evals';
import { draftToExpectation, type ExpectationDraft, expectationToDraft } from './expectation-draft';
import type { EvalWords } from './words';

/** A case as the Tests tab lists it (`evals.listCases`). */
export interface StoredCase {
  id: string;
  name: string;
  input: EvalCase['input'];
  expect: Expectation[];
}

/**
 * A case as the editor holds it. Both input forms are kept, so switching between "one message" and "a
 * conversation" and back loses nothing; the mode says which one is saved.
 */
export interface CaseDraft {
  name: string;
  mode: 'message' | 'conversation';
  message: string;
  messages: EvalMessage[];
  expectations: ExpectationDraft[];
}

/** The editor's form of a stored case, or of a new one (no case). */
export function caseToDraft(evalCase?: Pick<EvalCase, 'name' | 'input' | 'expect'>): CaseDraft {
  if (!evalCase) return { name: '', mode: 'message', message: '', messages: [], expectations: [] };
  const { input } = evalCase;
  const conversation = typeof input !== 'string';
  return {
    name: evalCase.name,
    mode: conversation ? 'conversation' : 'message',
    message: conversation ? (input.at(-1)?.content ?? '') : input,
    messages: conversation ? input.map((message) => ({ ...message })) : [{ role: 'user', content: input }],
    expectations: evalCase.expect.map(expectationToDraft),
  };
}

/** Switches the input form, carrying the message over when the other form is still empty. */
export function switchInputMode(draft: CaseDraft, mode: CaseDraft['mode']): CaseDraft {
  if (mode === draft.mode) return draft;
  if (mode === 'conversation') {
    const empty = draft.messages.every((message) => !message.content.trim());
    return {
      ...draft,
      mode,
      messages: empty ? [{ role: 'user', content: draft.message }] : draft.messages,
    };
  }
  const lastUser = draft.messages.findLast((message) => message.role === 'user')?.content ?? '';
  return { ...draft, mode, message: draft.message.trim() ? draft.message : lastUser };
}

/** The case a draft saves, checked with `evalCaseSchema`, or the errors keyed by field. */
export type DraftResult =
  | { value: EvalCase; errors?: undefined }
  | { value?: undefined; errors: Record<string, string> };

/**
 * Turns the editor's state into a case. Error keys: `name`, `input` (the message or the conversation as
 * a whole), `messages.<i>.content`, `expect` (the list), `expect.<i>.<field>` (a field of one
 * expectation, named as in its draft). The messages are in the language of `words`.
 */
export function draftToCase(draft: CaseDraft, words: EvalWords): DraftResult {
  const errors: Record<string, string> = {};
  const expect: Expectation[] = [];
  draft.expectations.forEach((expectation, index) => {
    const result = draftToExpectation(expectation, words.t);
    if (result.errors)
      for (const [field, message] of Object.entries(result.errors))
        errors[`expect.${index}.${field}`] = message;
    else expect.push(result.value);
  });
  Object.assign(errors, inputProblems(draft, words));
  const candidate = {
    name: draft.name,
    input: draft.mode === 'message' ? draft.message : draft.messages,
    expect,
  };
  const parsed = evalCaseSchema.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const [top, index, field] = issue.path;
      const place =
        top === 'input' && typeof index === 'number' && field !== undefined
          ? `messages.${index}.${String(field)}`
          : top === 'expect' && typeof index === 'number'
            ? `expect.${index}.kind`
            : String(top ?? 'form');
      errors[place] ??= friendly(place, issue.message, words);
    }
  if (Object.keys(errors).length > 0) return { errors };
  return { value: parsed.data! };
}

/**
 * What is wrong with the input, said plainly: the schema reports a bad input as a failed union ("Invalid
 * input"), which names neither the field nor the fix.
 */
function inputProblems(draft: CaseDraft, { t, format }: EvalWords): Record<string, string> {
  const max = EVAL_LIMITS.maxMessageLength;
  const tooLong = () => t('draft.maxChars', { max: format.number(max) });
  if (draft.mode === 'message') {
    if (!draft.message.trim()) return { input: t('draft.writeMessage') };
    return draft.message.length > max ? { input: tooLong() } : {};
  }
  const problems: Record<string, string> = {};
  if (draft.messages.length === 0) problems.input = t('draft.addMessage');
  else if (draft.messages.length > EVAL_LIMITS.maxMessages)
    problems.input = t('draft.maxMessages', { max: format.number(EVAL_LIMITS.maxMessages) });
  else if (draft.messages.at(-1)?.role !== 'user') problems.input = t('draft.lastUser');
  draft.messages.forEach((message, index) => {
    if (!message.content.trim()) problems[`messages.${index}.content`] = t('draft.emptyMessage');
    else if (message.content.length > max) problems[`messages.${index}.content`] = tooLong();
  });
  return problems;
}

/** Clearer words for the schema's messages on the fields people most often leave wrong. */
function friendly(place: string, message: string, { t, format }: EvalWords): string {
  if (place === 'name') return t('draft.name', { max: format.number(EVAL_LIMITS.maxNameLength) });
  if (place === 'expect')
    return t('draft.maxExpectations', { max: format.number(EVAL_LIMITS.maxExpectations) });
  return message;
}
