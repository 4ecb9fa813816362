import { EXPECTATION_KINDS, type Expectation } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import {
  draftToExpectation,
  type ExpectationDraft,
  expectationToDraft,
  jsonObjectProblem,
  newExpectationDraft,
  regexProblem,
} from './expectation-draft';
import { evalWords } from './test-words';

const { t } = evalWords('en');

const ROUND_TRIP: Expectation[] = [
  { contains: 'refund' },
  { contains: ['refund', '14 days'], caseSensitive: true },
  { notContains: 'sorry' },
  { equals: 'Yes.', caseSensitive: true },
  { regex: '^order \\d+$', flags: 'im' },
  { jsonSchema: { type: 'object', required: ['id'] } },
  { toolCalled: 'search_docs', args: { query: 'refund' } },
  { toolCalled: 'search_docs' },
  { toolNotCalled: 'delete_account' },
  { branch: 'billing', node: 'Route' },
  { cites: true },
  { cites: 'handbook' },
  { maxLatencyMs: 3000 },
  { maxTokens: 500 },
  { maxCostUsd: 0.02 },
  { judge: 'Apologises once', model: { provider: 'openai', model: 'gpt-5-mini', credentialId: 'cred-1' } },
];

describe('expectation drafts', () => {
  it('turns every stored kind into a draft and back unchanged', () => {
    for (const expectation of ROUND_TRIP)
      expect(draftToExpectation(expectationToDraft(expectation), t)).toEqual({ value: expectation });
  });

  it('makes an empty draft for every kind, and an empty draft is not saved as it is', () => {
    for (const kind of EXPECTATION_KINDS) {
      const draft = newExpectationDraft(kind);
      expect(draft.kind).toBe(kind);
      // Only "cites any source" and the starter JSON Schema are complete without typing.
      expect(draftToExpectation(draft, t).errors === undefined).toBe(
        kind === 'cites' || kind === 'jsonSchema',
      );
    }
  });

  it('gives new drafts distinct keys', () => {
    expect(newExpectationDraft('contains').key).not.toBe(newExpectationDraft('contains').key);
  });

  it('puts each problem at its field', () => {
    // Distributes over the union, so each kind's own fields are allowed.
    type Body = ExpectationDraft extends infer D ? (D extends unknown ? Omit<D, 'key'> : never) : never;
    const errors = (draft: Body) => draftToExpectation({ key: 0, ...draft } as ExpectationDraft, t).errors;
    expect(errors({ kind: 'contains', texts: ['', ''], caseSensitive: false })).toEqual({
      texts: 'Enter at least one text.',
    });
    expect(errors({ kind: 'contains', texts: ['x'.repeat(5001)], caseSensitive: false })).toHaveProperty(
      'texts',
    );
    expect(errors({ kind: 'regex', pattern: '(unclosed', flags: '' })).toHaveProperty('pattern');
    expect(errors({ kind: 'regex', pattern: 'a', flags: 'g' })).toEqual({
      flags: 'Flags may only be i, m, s and u.',
    });
    expect(errors({ kind: 'jsonSchema', schema: '{"type": ' })?.schema).toMatch(/^Not valid JSON/);
    expect(errors({ kind: 'jsonSchema', schema: '[1]' })).toEqual({
      schema: 'Must be a JSON object ({ … }).',
    });
    expect(errors({ kind: 'toolCalled', tool: ' ', args: '3' })).toEqual({
      tool: 'Enter the tool’s name.',
      args: 'Must be a JSON object ({ … }).',
    });
    expect(errors({ kind: 'maxTokens', limit: '1.5' })).toEqual({ limit: 'Must be a whole number.' });
    expect(errors({ kind: 'maxCostUsd', limit: '-1' })).toEqual({ limit: 'Must be a number above 0.' });
    expect(errors({ kind: 'maxLatencyMs', limit: '' })).toEqual({ limit: 'Enter a number.' });
    expect(errors({ kind: 'cites', anySource: false, text: '' })).toHaveProperty('text');
    expect(errors({ kind: 'judge', rubric: ' ', model: null })).toHaveProperty('rubric');
  });

  it('keeps optional parts out when they are empty', () => {
    expect(draftToExpectation({ key: 0, kind: 'branch', branch: ' yes ', node: ' ' }, t).value).toEqual({
      branch: 'yes',
    });
    expect(draftToExpectation({ key: 0, kind: 'regex', pattern: 'a', flags: '' }, t).value).toEqual({
      regex: 'a',
    });
    expect(draftToExpectation({ key: 0, kind: 'maxCostUsd', limit: '0.5' }, t).value).toEqual({
      maxCostUsd: 0.5,
    });
  });

  it('checks JSON and regular expressions as they are typed', () => {
    expect(jsonObjectProblem('{"a": 1}', t)).toBeNull();
    expect(jsonObjectProblem('null', t)).toBe('Must be a JSON object ({ … }).');
    expect(regexProblem('a+', 'iu', t)).toBeNull();
    expect(regexProblem('a(', '', t)).toMatch(/Invalid regular expression/);
  });

  it('says the problems in Chinese', () => {
    const zh = evalWords('zh-CN').t;
    expect(jsonObjectProblem('null', zh)).toBe('必须是 JSON 对象（{ … }）。');
    expect(jsonObjectProblem('{', zh)).toMatch(/^不是有效的 JSON：/);
    expect(regexProblem('a', 'g', zh)).toBe('标志只能是 i、m、s 和 u。');
    expect(draftToExpectation({ key: 0, kind: 'maxTokens', limit: '1.5' }, zh).errors).toEqual({
      limit: '必须是整数。',
    });
    expect(draftToExpectation({ key: 0, kind: 'toolNotCalled', tool: '' }, zh).errors).toEqual({
      tool: '请输入工具名称。',
    });
  });
});
