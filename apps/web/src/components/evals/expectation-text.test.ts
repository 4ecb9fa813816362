import { describe, expect, it } from 'vitest';
import { describeExpectation, describeInput, firstWords } from './expectation-text';

describe('describeInput', () => {
  it('shows the first words of a message, or the size of a conversation', () => {
    expect(describeInput('Where is my  refund?')).toBe('Where is my refund?');
    expect(
      describeInput(`I ordered a blue jacket three weeks ago and it still has not arrived ${'x'.repeat(9)}`),
    ).toBe('I ordered a blue jacket three weeks ago and it still has not…');
    expect(
      describeInput([
        { role: 'assistant', content: 'Hi' },
        { role: 'user', content: 'Refund?' },
      ]),
    ).toBe('conversation of 2 messages');
    expect(describeInput([{ role: 'user', content: 'Hi' }])).toBe('conversation of 1 message');
  });

  it('cuts a single long word where it must', () => {
    expect(firstWords('a'.repeat(80), 10)).toBe(`${'a'.repeat(10)}…`);
  });
});

describe('describeExpectation', () => {
  it('says each kind as a short sentence', () => {
    expect(describeExpectation({ contains: 'refund' })).toBe('contains “refund”');
    expect(describeExpectation({ contains: ['refund', 'days'], caseSensitive: true })).toBe(
      'contains all of “refund”, “days” (case-sensitive)',
    );
    expect(describeExpectation({ notContains: 'sorry' })).toBe('does not contain “sorry”');
    expect(describeExpectation({ notContains: ['a', 'b'] })).toBe('contains none of “a”, “b”');
    expect(describeExpectation({ equals: 'Yes.' })).toBe('equals “Yes.”');
    expect(describeExpectation({ regex: '^\\d+$', flags: 'm' })).toBe('matches /^\\d+$/m');
    expect(describeExpectation({ jsonSchema: { type: 'object', required: ['id', 'total'] } })).toBe(
      'is JSON with id, total',
    );
    expect(describeExpectation({ jsonSchema: { type: 'array' } })).toBe('is JSON valid for the schema');
    expect(describeExpectation({ toolCalled: 'search_docs' })).toBe('calls search_docs');
    expect(describeExpectation({ toolCalled: 'search_docs', args: { query: 'refund' } })).toBe(
      'calls search_docs with {"query":"refund"}',
    );
    expect(describeExpectation({ toolNotCalled: 'delete_account' })).toBe('does not call delete_account');
    expect(describeExpectation({ branch: 'billing', node: 'Route' })).toBe(
      'takes branch “billing” at “Route”',
    );
    expect(describeExpectation({ cites: true })).toBe('cites a source');
    expect(describeExpectation({ cites: 'handbook' })).toBe('cites “handbook”');
    expect(describeExpectation({ maxLatencyMs: 800 })).toBe('answers within 800 ms');
    expect(describeExpectation({ maxLatencyMs: 2500 })).toBe('answers within 2.5 s');
    expect(describeExpectation({ maxTokens: 12000 })).toBe('uses at most 12,000 tokens');
    expect(describeExpectation({ maxCostUsd: 0.01 })).toBe('costs at most $0.01');
    expect(describeExpectation({ judge: 'must apologise' })).toBe('judged: must apologise');
    expect(
      describeExpectation({ judge: 'must apologise', model: { provider: 'openai', model: 'gpt-5-mini' } }),
    ).toBe('judged: must apologise (by openai gpt-5-mini)');
  });
});
