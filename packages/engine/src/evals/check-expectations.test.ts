import { describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import { scriptedModel, textModel, textParts, toolCallParts } from '../testing/mock-model';
import { handbookKnowledge, knowledgeAgentGraph, outcomeOf } from './__fixtures__/eval-runs';
import { type CaseOutcome, type EvalCase, type Expectation, evalCaseSchema } from './case-format';
import { checkExpectations, evaluateCase } from './check-expectations';
import { type Judge, JudgeError, offlineJudge } from './judge';

function outcome(overrides: Partial<CaseOutcome> = {}): CaseOutcome {
  return {
    status: 'done',
    answer: 'Refunds take 30 days.',
    toolCalls: [],
    branches: [],
    sources: [],
    latencyMs: 800,
    tokens: { input: 100, output: 20 },
    ...overrides,
  };
}

const context = { input: 'How long do refunds take?', judgeFor: () => offlineJudge };

/** Checks one expectation; returns [passed, message]. */
async function check(expectation: Expectation, of: CaseOutcome = outcome()) {
  const [result] = await checkExpectations([expectation], of, context);
  return [result!.passed, result!.message] as const;
}

describe('text expectations', () => {
  it('contains / notContains ignore case unless caseSensitive, and name what is missing or found', async () => {
    expect(await check({ contains: 'REFUNDS' })).toEqual([true, 'Contains "REFUNDS".']);
    expect(await check({ contains: ['refunds', 'store credit'] })).toEqual([
      false,
      'Does not contain "store credit".',
    ]);
    expect((await check({ contains: 'REFUNDS', caseSensitive: true }))[0]).toBe(false);
    expect(await check({ notContains: ['sorry', '30 DAYS'] })).toEqual([
      false,
      'Contains "30 DAYS", which it must not.',
    ]);
    expect((await check({ notContains: 'sorry' }))[0]).toBe(true);
  });

  it('equals compares trimmed text', async () => {
    expect(
      (
        await check({ equals: '  refunds take 30 days. ' }, outcome({ answer: '\nRefunds take 30 days.\n' }))
      )[0],
    ).toBe(true);
    expect((await check({ equals: 'refunds take 30 days.', caseSensitive: true }))[0]).toBe(false);
    expect((await check({ equals: 'No.' }))[1]).toBe('Expected exactly "No.", got "Refunds take 30 days.".');
  });

  it('regex matches with flags; a pattern that does not compile fails with its message', async () => {
    expect(await check({ regex: '\\d+ days' })).toEqual([true, 'Matches /\\d+ days/.']);
    expect((await check({ regex: '^refunds', flags: 'i' }))[0]).toBe(true);
    expect((await check({ regex: '^refunds' }))[0]).toBe(false);
    const [passed, message] = await check({ regex: '(unclosed' });
    expect(passed).toBe(false);
    expect(message).toMatch(
      /^The pattern \/\(unclosed\/ is not a valid regular expression: .*Unterminated group/,
    );
  });

  it('jsonSchema parses the answer (one ```json fence allowed) and lists the errors with their paths', async () => {
    const jsonSchema = {
      type: 'object',
      required: ['days', 'currency'],
      properties: { days: { type: 'integer' }, currency: { type: 'string' } },
    };
    const fenced = outcome({ answer: '```json\n{"days": 30, "currency": "EUR"}\n```' });
    expect(await check({ jsonSchema }, fenced)).toEqual([true, 'The answer is JSON valid for the schema.']);
    const [passed, message] = await check({ jsonSchema }, outcome({ answer: '{"days": "thirty"}' }));
    expect(passed).toBe(false);
    expect(message).toContain('/days must be integer');
    expect(message).toContain("/ must have required property 'currency'");
    expect((await check({ jsonSchema }))[1]).toMatch(
      /^The answer is not JSON \(.+\): "Refunds take 30 days\."\.$/,
    );
    const broken = await check({
      jsonSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } },
    });
    expect(broken[1]).toMatch(/^The JSON Schema of this expectation does not compile: /);
    const big = outcome({ answer: `"${'x'.repeat(1024 * 1024)}"` });
    expect(await check({ jsonSchema: { type: 'string' } }, big)).toEqual([
      false,
      'The answer is over 1 MB; it is not parsed as JSON.',
    ]);
  });

  it('two schemas with the same $id do not clash; a 2020-12 schema is understood', async () => {
    const json = outcome({ answer: '[1, "a"]' });
    expect((await check({ jsonSchema: { $id: 'x', type: 'array' } }, json))[0]).toBe(true);
    expect((await check({ jsonSchema: { $id: 'x', type: 'object' } }, json))[0]).toBe(false);
    const tuple = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      prefixItems: [{ type: 'number' }, { type: 'number' }],
    };
    expect(await check({ jsonSchema: tuple }, json)).toEqual([
      false,
      "The answer's JSON does not match the schema: /1 must be number.",
    ]);
  });
});

describe('expectations on what the run did (real engine runs)', () => {
  it('toolCalled with args matches text by containment and others by equality; failures name the calls', async () => {
    const model = scriptedModel(
      toolCallParts('c1', 'calculator', { expression: '12 * 7' }),
      textParts(['It is 84.']),
    );
    const run = await outcomeOf(loadFixture('agent-tools'), { 'agent-model': model }, 'What is 12 * 7?');
    expect((await check({ toolCalled: 'calculator' }, run))[0]).toBe(true);
    expect((await check({ toolCalled: 'calculator', args: { expression: '12 *' } }, run))[0]).toBe(true);
    const wrong = await check({ toolCalled: 'calculator', args: { expression: '13' } }, run);
    expect(wrong).toEqual([
      false,
      'No call of "calculator" with {"expression":"13"}; calls made: calculator({"expression":"12 * 7"}).',
    ]);
    expect(await check({ toolCalled: 'current_time' }, run)).toEqual([
      false,
      'No call of "current_time"; calls made: calculator({"expression":"12 * 7"}).',
    ]);
    expect((await check({ toolNotCalled: 'current_time' }, run))[0]).toBe(true);
    expect((await check({ toolNotCalled: 'calculator' }, run))[1]).toMatch(
      /^Called "calculator" once, which it must not/,
    );
    const structured = outcome({ toolCalls: [{ toolName: 'order', input: { ids: [1, 2], rush: true } }] });
    expect((await check({ toolCalled: 'order', args: { ids: [1, 2], rush: true } }, structured))[0]).toBe(
      true,
    );
    expect((await check({ toolCalled: 'order', args: { ids: [1] } }, structured))[0]).toBe(false);
    expect((await check({ toolCalled: 'x' }))[1]).toBe('No call of "x"; no tools were called.');
  });

  it('branch matches the Condition node by id or label', async () => {
    const models = { refund: textModel('Refund started.'), greeting: textModel('Hi!') };
    const graph = loadFixture('branching');
    graph.nodes.find((node) => node.id === 'condition')!.data.label = 'Intent';
    const run = await outcomeOf(graph, models, 'hello there');
    expect(await check({ branch: 'greeting' }, run)).toEqual([true, 'Took branch "greeting".']);
    expect((await check({ branch: 'greeting', node: 'intent' }, run))[0]).toBe(true);
    expect((await check({ branch: 'greeting', node: 'condition' }, run))[0]).toBe(true);
    expect(await check({ branch: 'refund' }, run)).toEqual([
      false,
      'Expected branch "refund"; took "greeting" at Intent.',
    ]);
    expect((await check({ branch: 'greeting', node: 'Router' }, run))[1]).toBe(
      'No Condition node "Router" ran, so branch "greeting" was not taken.',
    );
  });

  it('cites needs a [n] marker of a source the run retrieved; with text, a matching document name', async () => {
    const model = scriptedModel(
      toolCallParts('c1', 'search_knowledge', { query: 'refunds' }),
      textParts(['Within 30 days [1].']),
    );
    const run = await outcomeOf(knowledgeAgentGraph(), { 'agent-model': model }, 'Refunds?', {
      knowledge: await handbookKnowledge(),
    });
    expect(await check({ cites: true }, run)).toEqual([true, 'Cites [1] handbook.md.']);
    expect((await check({ cites: 'HANDBOOK' }, run))[0]).toBe(true);
    expect((await check({ cites: 'pricing' }, run))[1]).toBe(
      'No cited source\'s document name contains "pricing" (cited: [1] handbook.md).',
    );
    const unknown = await check({ cites: true }, { ...run, answer: 'See [4].' });
    expect(unknown[1]).toBe(
      'The answer cites [4], but the run retrieved no such source (sources: [1] handbook.md).',
    );
    expect((await check({ cites: true }, { ...run, answer: 'Within 30 days.' }))[1]).toBe(
      'The answer cites no source (no [n] marker).',
    );
  });

  it('cites accepts sources the answer lists itself, but a bare list is no citation', async () => {
    const listed = outcome({ answer: 'Refunds within 30 days [1].\n\nSources:\n- [1] policy.md — Refunds' });
    expect(await check({ cites: 'policy' }, listed)).toEqual([
      true,
      'Cites [1] policy.md, matching "policy".',
    ]);
    expect((await check({ cites: true }, outcome({ answer: '[1] policy.md — Refunds: text' })))[0]).toBe(
      false,
    );
  });

  it('latency, tokens and cost limits; an unknown cost fails', async () => {
    expect(await check({ maxLatencyMs: 1000 })).toEqual([true, 'Took 800 ms (limit 1000 ms).']);
    expect((await check({ maxLatencyMs: 500 }))[0]).toBe(false);
    expect(await check({ maxTokens: 100 })).toEqual([false, 'Used 120 tokens (100 in + 20 out; limit 100).']);
    expect((await check({ maxTokens: 120 }))[0]).toBe(true);
    expect((await check({ maxCostUsd: 0.01 }))[1]).toMatch(/^Cost unknown/);
    expect((await check({ maxCostUsd: 0.01 }, outcome({ costUsd: 0.004 })))[0]).toBe(true);
    expect((await check({ maxCostUsd: 0.001 }, outcome({ costUsd: 0.004 })))[0]).toBe(false);
  });
});

describe('judge expectations', () => {
  it('asks the judge for the expectation’s model with the rubric, input and answer', async () => {
    const judge = vi.fn<Judge>(async () => ({
      pass: true,
      reason: 'Gives the window.',
      by: 'openai/gpt-x',
      offline: false,
    }));
    const judgeFor = vi.fn(() => judge);
    const model = { provider: 'openai', model: 'gpt-x' };
    const [result] = await checkExpectations([{ judge: 'States the refund window', model }], outcome(), {
      ...context,
      judgeFor,
    });
    expect(judgeFor).toHaveBeenCalledWith(model);
    expect(judge.mock.calls[0]![0]).toMatchObject({
      rubric: 'States the refund window',
      input: context.input,
      answer: 'Refunds take 30 days.',
    });
    expect(result).toEqual({
      kind: 'judge',
      passed: true,
      message: 'openai/gpt-x: Gives the window.',
      judge: { reason: 'Gives the window.', by: 'openai/gpt-x', offline: false },
    });
  });

  it('a judge that cannot give a verdict fails the expectation, not the case', async () => {
    const failing: Judge = async () => {
      throw new JudgeError('malformed_verdict', 'The judge did not answer JSON.');
    };
    const evalCase: EvalCase = evalCaseSchema.parse({
      name: 'refund window',
      input: 'How long?',
      expect: [{ contains: '30 days' }, { judge: 'Mentions "30 days"' }],
    });
    const result = await evaluateCase(
      evalCase,
      { outcome: outcome(), runId: 'run-1' },
      { judgeFor: () => failing },
    );
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(false);
    expect(result.runId).toBe('run-1');
    expect(result.expectations.map((entry) => [entry.passed, entry.message])).toEqual([
      [true, 'Contains "30 days".'],
      [false, 'The judge gave no verdict: The judge did not answer JSON.'],
    ]);
    const offline = await evaluateCase(evalCase, { outcome: outcome() }, { judgeFor: () => offlineJudge });
    expect(offline.passed).toBe(true);
    expect(offline.expectations[1]!.judge).toMatchObject({ by: 'offline judge', offline: true });
  });
});

describe('evaluateCase', () => {
  it('a failed or waiting run is an error and its expectations are not checked', async () => {
    const evalCase = evalCaseSchema.parse({ name: 'x', input: 'hi', expect: [{ contains: 'hi' }] });
    const judgeFor = () => offlineJudge;
    const failed = await evaluateCase(
      evalCase,
      { outcome: outcome({ status: 'failed', error: 'Provider said no.' }) },
      { judgeFor },
    );
    expect(failed).toMatchObject({ passed: false, error: 'Provider said no.', expectations: [] });
    const waiting = await evaluateCase(evalCase, { outcome: outcome({ status: 'waiting' }) }, { judgeFor });
    expect(waiting.error).toMatch(/wait for a person/);
    const empty = evalCaseSchema.parse({ name: 'smoke', input: 'hi' });
    expect((await evaluateCase(empty, { outcome: outcome() }, { judgeFor })).passed).toBe(true);
  });
});
