import {
  type Expectation,
  type ExpectationKind,
  expectationSchemas,
  type JudgeModel,
} from '@agentry/engine/evals';
import type { EvalsT } from './words';

/**
 * An expectation as the editor holds it: every field as the person typed it (JSON and numbers as text),
 * so a half-typed value survives until it is fixed. `key` keeps React rows stable while rows move.
 */
export type ExpectationDraft = { key: number } & (
  | { kind: 'contains' | 'notContains'; texts: string[]; caseSensitive: boolean }
  | { kind: 'equals'; text: string; caseSensitive: boolean }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'jsonSchema'; schema: string }
  | { kind: 'toolCalled'; tool: string; args: string }
  | { kind: 'toolNotCalled'; tool: string }
  | { kind: 'branch'; branch: string; node: string }
  | { kind: 'cites'; anySource: boolean; text: string }
  | { kind: 'maxLatencyMs' | 'maxTokens' | 'maxCostUsd'; limit: string }
  | { kind: 'judge'; rubric: string; model: JudgeModel | null }
);

let nextKey = 0;
const key = () => ++nextKey;

/** A new, empty expectation of a kind, as the "Add expectation" menu makes it. */
export function newExpectationDraft(kind: ExpectationKind): ExpectationDraft {
  switch (kind) {
    case 'contains':
    case 'notContains':
      return { key: key(), kind, texts: [''], caseSensitive: false };
    case 'equals':
      return { key: key(), kind, text: '', caseSensitive: false };
    case 'regex':
      return { key: key(), kind, pattern: '', flags: 'i' };
    case 'jsonSchema':
      return { key: key(), kind, schema: '{\n  "type": "object",\n  "required": []\n}' };
    case 'toolCalled':
      return { key: key(), kind, tool: '', args: '' };
    case 'toolNotCalled':
      return { key: key(), kind, tool: '' };
    case 'branch':
      return { key: key(), kind, branch: '', node: '' };
    case 'cites':
      return { key: key(), kind, anySource: true, text: '' };
    case 'maxLatencyMs':
    case 'maxTokens':
    case 'maxCostUsd':
      return { key: key(), kind, limit: '' };
    case 'judge':
      return { key: key(), kind, rubric: '', model: null };
  }
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The editor's form of a stored expectation. */
export function expectationToDraft(e: Expectation): ExpectationDraft {
  const k = key();
  if ('contains' in e)
    return { key: k, kind: 'contains', texts: [e.contains].flat(), caseSensitive: e.caseSensitive ?? false };
  if ('notContains' in e)
    return {
      key: k,
      kind: 'notContains',
      texts: [e.notContains].flat(),
      caseSensitive: e.caseSensitive ?? false,
    };
  if ('equals' in e)
    return { key: k, kind: 'equals', text: e.equals, caseSensitive: e.caseSensitive ?? false };
  if ('regex' in e) return { key: k, kind: 'regex', pattern: e.regex, flags: e.flags ?? '' };
  if ('jsonSchema' in e) return { key: k, kind: 'jsonSchema', schema: json(e.jsonSchema) };
  if ('toolCalled' in e)
    return { key: k, kind: 'toolCalled', tool: e.toolCalled, args: e.args ? json(e.args) : '' };
  if ('toolNotCalled' in e) return { key: k, kind: 'toolNotCalled', tool: e.toolNotCalled };
  if ('branch' in e) return { key: k, kind: 'branch', branch: e.branch, node: e.node ?? '' };
  if ('cites' in e)
    return { key: k, kind: 'cites', anySource: e.cites === true, text: e.cites === true ? '' : e.cites };
  if ('maxLatencyMs' in e) return { key: k, kind: 'maxLatencyMs', limit: String(e.maxLatencyMs) };
  if ('maxTokens' in e) return { key: k, kind: 'maxTokens', limit: String(e.maxTokens) };
  if ('maxCostUsd' in e) return { key: k, kind: 'maxCostUsd', limit: String(e.maxCostUsd) };
  return { key: k, kind: 'judge', rubric: e.judge, model: e.model ?? null };
}

/** Why a text is not a JSON object (for fields checked as the person types), or null when it is one. */
export function jsonObjectProblem(text: string, t: EvalsT): string | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return t('draft.notJson', { error: error instanceof Error ? error.message : String(error) });
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? null : t('draft.notObject');
}

/** Why a regular expression does not compile in JavaScript, or null when it does. */
export function regexProblem(pattern: string, flags: string, t: EvalsT): string | null {
  if (!/^[imsu]*$/.test(flags)) return t('draft.flags');
  try {
    new RegExp(pattern, flags);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Which draft field holds a key of the stored expectation (for placing the schema's errors). */
const FIELD_OF_KEY: Record<string, string> = {
  contains: 'texts',
  notContains: 'texts',
  equals: 'text',
  caseSensitive: 'caseSensitive',
  regex: 'pattern',
  flags: 'flags',
  jsonSchema: 'schema',
  toolCalled: 'tool',
  args: 'args',
  toolNotCalled: 'tool',
  branch: 'branch',
  node: 'node',
  cites: 'text',
  maxLatencyMs: 'limit',
  maxTokens: 'limit',
  maxCostUsd: 'limit',
  judge: 'rubric',
  model: 'model',
};

/** A positive number typed in a field, or the reason it is not one. */
function positive(text: string, integer: boolean, t: EvalsT): number | string {
  if (!text.trim()) return t('draft.enterNumber');
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) return t('draft.aboveZero');
  if (integer && !Number.isInteger(value)) return t('draft.wholeNumber');
  return value;
}

/**
 * Turns a draft into the stored expectation, checked with its kind's schema from the case format. Errors
 * are keyed by the draft's field names, in the language of `t` (the schema's own messages stay English).
 */
export function draftToExpectation(
  draft: ExpectationDraft,
  t: EvalsT,
): { value: Expectation; errors?: undefined } | { value?: undefined; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let candidate: Record<string, unknown>;
  switch (draft.kind) {
    case 'contains':
    case 'notContains': {
      const texts = draft.texts.filter((text) => text.length > 0);
      if (texts.length === 0) errors.texts = t('draft.texts');
      candidate = { [draft.kind]: texts.length === 1 ? texts[0] : texts };
      if (draft.caseSensitive) candidate.caseSensitive = true;
      break;
    }
    case 'equals':
      if (!draft.text) errors.text = t('draft.exact');
      candidate = { equals: draft.text };
      if (draft.caseSensitive) candidate.caseSensitive = true;
      break;
    case 'regex': {
      const problem = draft.pattern ? regexProblem(draft.pattern, draft.flags, t) : t('draft.pattern');
      if (problem) errors[/^[imsu]*$/.test(draft.flags) ? 'pattern' : 'flags'] = problem;
      candidate = { regex: draft.pattern, ...(draft.flags ? { flags: draft.flags } : {}) };
      break;
    }
    case 'jsonSchema': {
      const problem = jsonObjectProblem(draft.schema, t);
      if (problem) errors.schema = problem;
      candidate = { jsonSchema: problem ? {} : JSON.parse(draft.schema) };
      break;
    }
    case 'toolCalled': {
      if (!draft.tool.trim()) errors.tool = t('draft.tool');
      const problem = draft.args.trim() ? jsonObjectProblem(draft.args, t) : null;
      if (problem) errors.args = problem;
      candidate = { toolCalled: draft.tool.trim() };
      if (draft.args.trim() && !problem) candidate.args = JSON.parse(draft.args);
      break;
    }
    case 'toolNotCalled':
      if (!draft.tool.trim()) errors.tool = t('draft.tool');
      candidate = { toolNotCalled: draft.tool.trim() };
      break;
    case 'branch':
      if (!draft.branch.trim()) errors.branch = t('draft.branch');
      candidate = { branch: draft.branch.trim(), ...(draft.node.trim() ? { node: draft.node.trim() } : {}) };
      break;
    case 'cites':
      if (!draft.anySource && !draft.text.trim()) errors.text = t('draft.document');
      candidate = { cites: draft.anySource ? true : draft.text.trim() };
      break;
    case 'maxLatencyMs':
    case 'maxTokens':
    case 'maxCostUsd': {
      const limit = positive(draft.limit, draft.kind !== 'maxCostUsd', t);
      if (typeof limit === 'string') errors.limit = limit;
      candidate = { [draft.kind]: typeof limit === 'number' ? limit : 1 };
      break;
    }
    case 'judge':
      if (!draft.rubric.trim()) errors.rubric = t('draft.rubric');
      candidate = { judge: draft.rubric.trim(), ...(draft.model ? { model: draft.model } : {}) };
      break;
  }
  const parsed = expectationSchemas[draft.kind].safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_KEY[String(issue.path[0])] ?? 'kind';
      errors[field] ??= issue.message;
    }
  return Object.keys(errors).length > 0 ? { errors } : { value: parsed.data as Expectation };
}
