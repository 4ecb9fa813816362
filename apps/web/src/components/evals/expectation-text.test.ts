import type { Expectation } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import { describeExpectation, describeInput, firstWords } from './expectation-text';
import { evalWords } from './test-words';

const en = evalWords('en');
const zh = evalWords('zh-CN');

describe('describeInput', () => {
  it('shows the first words of a message, or the size of a conversation', () => {
    expect(describeInput('Where is my  refund?', en.t)).toBe('Where is my refund?');
    expect(
      describeInput(
        `I ordered a blue jacket three weeks ago and it still has not arrived ${'x'.repeat(9)}`,
        en.t,
      ),
    ).toBe('I ordered a blue jacket three weeks ago and it still has not…');
    const two = [
      { role: 'assistant' as const, content: 'Hi' },
      { role: 'user' as const, content: 'Refund?' },
    ];
    expect(describeInput(two, en.t)).toBe('conversation of 2 messages');
    expect(describeInput([{ role: 'user', content: 'Hi' }], en.t)).toBe('conversation of 1 message');
    expect(describeInput(two, zh.t)).toBe('2条消息的对话');
  });

  it('cuts a single long word where it must', () => {
    expect(firstWords('a'.repeat(80), 10)).toBe(`${'a'.repeat(10)}…`);
  });
});

describe('describeExpectation', () => {
  it('says each kind as a short sentence', () => {
    const say = (e: Expectation) => describeExpectation(e, en);
    expect(say({ contains: 'refund' })).toBe('contains “refund”');
    expect(say({ contains: ['refund', 'days'], caseSensitive: true })).toBe(
      'contains all of “refund”, “days” (case-sensitive)',
    );
    expect(say({ notContains: 'sorry' })).toBe('does not contain “sorry”');
    expect(say({ notContains: ['a', 'b'] })).toBe('contains none of “a”, “b”');
    expect(say({ equals: 'Yes.' })).toBe('equals “Yes.”');
    expect(say({ regex: '^\\d+$', flags: 'm' })).toBe('matches /^\\d+$/m');
    expect(say({ jsonSchema: { type: 'object', required: ['id', 'total'] } })).toBe('is JSON with id, total');
    expect(say({ jsonSchema: { type: 'object', required: ['a', 'b', 'c', 'd', 'e'] } })).toBe(
      'is JSON with a, b, c, d, …',
    );
    expect(say({ jsonSchema: { type: 'array' } })).toBe('is JSON valid for the schema');
    expect(say({ toolCalled: 'search_docs' })).toBe('calls search_docs');
    expect(say({ toolCalled: 'search_docs', args: { query: 'refund' } })).toBe(
      'calls search_docs with {"query":"refund"}',
    );
    expect(say({ toolNotCalled: 'delete_account' })).toBe('does not call delete_account');
    expect(say({ branch: 'billing', node: 'Route' })).toBe('takes branch “billing” at “Route”');
    expect(say({ cites: true })).toBe('cites a source');
    expect(say({ cites: 'handbook' })).toBe('cites “handbook”');
    expect(say({ maxLatencyMs: 800 })).toBe('answers within 800 ms');
    expect(say({ maxLatencyMs: 2500 })).toBe('answers within 2.5 sec');
    expect(say({ maxTokens: 12000 })).toBe('uses at most 12,000 tokens');
    expect(say({ maxTokens: 1 })).toBe('uses at most 1 token');
    expect(say({ maxCostUsd: 0.01 })).toBe('costs at most $0.01');
    expect(say({ judge: 'must apologise' })).toBe('judged: must apologise');
    expect(say({ judge: 'must apologise', model: { provider: 'openai', model: 'gpt-5-mini' } })).toBe(
      'judged: must apologise (by openai gpt-5-mini)',
    );
  });

  it('says them in Chinese, keeping the texts, tools and patterns as they are', () => {
    const say = (e: Expectation) => describeExpectation(e, zh);
    expect(say({ contains: ['refund', 'days'], caseSensitive: true })).toBe(
      '包含全部“refund”、“days”（区分大小写）',
    );
    expect(say({ notContains: 'sorry' })).toBe('不包含“sorry”');
    expect(say({ regex: '^\\d+$', flags: 'm' })).toBe('匹配 /^\\d+$/m');
    expect(say({ toolCalled: 'search_docs' })).toBe('调用 search_docs');
    expect(say({ branch: 'billing', node: 'Route' })).toBe('在“Route”走分支“billing”');
    expect(say({ maxLatencyMs: 2500 })).toBe('在2.5秒内回答');
    expect(say({ maxTokens: 12000 })).toBe('最多使用12,000个 Token');
    expect(say({ maxCostUsd: 0.01 })).toBe('费用最多US$0.01');
    expect(say({ judge: 'must apologise' })).toBe('评审：must apologise');
  });
});
