import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import type { EngineEvent } from '../runtime/events';
import { scriptedModel, textModel, textParts, toolCallParts } from '../testing/mock-model';
import { mockContext, runToEnd } from '../testing/run-helpers';
import { handbookKnowledge, knowledgeAgentGraph, outcomeOf } from './__fixtures__/eval-runs';
import { outcomeFromEvents, sourcesListedIn } from './outcome';

describe('outcomeFromEvents', () => {
  it('reads the answer, usage and the branch a Condition node took (node-end carries it)', async () => {
    const models = { refund: textModel('Your refund is on its way.'), greeting: textModel('Hi!') };
    const run = await runToEnd(loadFixture('branching'), mockContext(models), 'I want a refund please');
    const ends = run.events.flatMap((event) =>
      event.type === 'node-end' ? [[event.nodeId, event.branch]] : [],
    );
    expect(ends).toContainEqual(['condition', 'refund']);
    expect(ends.filter(([, branch]) => branch !== undefined)).toHaveLength(1);

    const outcome = outcomeFromEvents(run.events, { latencyMs: 120 });
    expect(outcome).toMatchObject({
      status: 'done',
      answer: 'Your refund is on its way.',
      branches: [{ nodeId: 'condition', label: expect.any(String), branch: 'refund' }],
      toolCalls: [],
      latencyMs: 120,
      tokens: { input: run.usage.inputTokens, output: run.usage.outputTokens },
    });
    expect(outcome.tokens.input).toBeGreaterThan(0);
    expect(outcome.costUsd).toBeUndefined();
    expect(outcomeFromEvents(run.events, { latencyMs: 1, costUsd: 0.002 }).costUsd).toBe(0.002);
  });

  it('the else branch is reported too', async () => {
    const outcome = await outcomeOf(loadFixture('branching'), {}, 'What is the weather?');
    expect(outcome.branches.map((entry) => entry.branch)).toEqual(['else']);
    expect(outcome.answer).toContain('I can help with refunds');
  });

  it('reads tool calls and the numbered sources a knowledge tool returned', async () => {
    const model = scriptedModel(
      toolCallParts('c1', 'search_knowledge', { query: 'refund window' }),
      textParts(['Within 30 days [1].']),
    );
    const knowledge = await handbookKnowledge();
    const outcome = await outcomeOf(
      knowledgeAgentGraph(),
      { 'agent-model': model },
      'How long for refunds?',
      {
        knowledge,
      },
    );
    expect(outcome.toolCalls).toEqual([{ toolName: 'search_knowledge', input: { query: 'refund window' } }]);
    expect(outcome.sources[0]).toEqual({ index: 1, documentName: 'handbook.md' });
    expect(outcome.answer).toBe('Within 30 days [1].');
  });

  it('a run that could not start is failed with its message', async () => {
    const outcome = await outcomeOf(loadFixture('invalid-everything'), {}, 'hi');
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/\S/);
  });

  it('sources listed in the answer itself count; a stream without an end says so', () => {
    const events = [
      {
        type: 'run-end',
        runId: 'r',
        seq: 1,
        answer: 'See [2].\n\n- [2] guide.md — Intro\n[3] faq.md: Q',
        usage: { inputTokens: 1, outputTokens: 2 },
        durationMs: 1,
      },
    ] as EngineEvent[];
    expect(outcomeFromEvents(events, { latencyMs: 5 }).sources).toEqual([
      { index: 2, documentName: 'guide.md' },
      { index: 3, documentName: 'faq.md' },
    ]);
    expect(sourcesListedIn('Text with [1] inline only.')).toEqual([]);
    expect(outcomeFromEvents([], { latencyMs: 0 })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/without an answer/),
    });
  });
});
