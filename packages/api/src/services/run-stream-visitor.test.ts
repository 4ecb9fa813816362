import type { EngineEvent } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { visitorStreamMapping } from './public-chat';
import { runStreamResponse, TEAM_QUESTION_NOTE } from './run-stream';

const runId = 'run-1';
const usage = { inputTokens: 0, outputTokens: 0 };

/** A run that calls a refund tool which waits for the team's approval. */
function waitingRun(request: Extract<EngineEvent, { type: 'run-waiting' }>['request']): EngineEvent[] {
  return [
    {
      seq: 1,
      type: 'run-start',
      runId,
      conversationId: 'c',
      startedAt: new Date(0).toISOString(),
      nodeCount: 2,
    },
    { seq: 2, type: 'run-waiting', runId, request, usage, durationMs: 1 },
  ] as EngineEvent[];
}

async function streamed(events: EngineEvent[], visitor: boolean): Promise<string> {
  const response = runStreamResponse(
    async function* () {
      for (const event of events) yield [event];
    },
    { after: 0, mapping: { sendNodeParts: false }, visitor },
  );
  return response.text();
}

describe("a widget visitor's stream of a waiting run", () => {
  const toolWait = {
    id: `${runId}:wait-1`,
    kind: 'tool' as const,
    nodeId: 'agent' as never,
    message: 'Run tool issue_refund with {"order":7,"card":"4111-secret"}?',
    choices: [
      { id: 'approve', label: 'Approve' },
      { id: 'deny', label: 'Deny' },
    ],
    toolCall: { toolCallId: 'call-1', toolName: 'issue_refund', input: { order: 7, card: '4111-secret' } },
    audience: 'operator' as const,
  };

  it("says the team is reviewing a tool call, without the tool's name, arguments or choices", async () => {
    const text = await streamed(waitingRun(toolWait), true);
    expect(text).toContain(TEAM_QUESTION_NOTE);
    expect(text).not.toContain('4111-secret');
    expect(text).not.toContain('issue_refund');
    expect(text).not.toContain('tool-input-available');
    expect(text).not.toContain('Approve');
    // The builder's own stream still carries the AI SDK's approval parts.
    expect(await streamed(waitingRun(toolWait), false)).toContain('tool-approval-request');
  });

  it('keeps a question for the team private, and shows a question for the visitor whole', async () => {
    const forTeam = {
      ...toolWait,
      kind: 'approval' as const,
      toolCall: undefined,
      message: 'Refund 20 EUR to Ann?',
    };
    expect(await streamed(waitingRun(forTeam), true)).not.toContain('Refund 20 EUR');
    const forVisitor = { ...forTeam, audience: 'visitor' as const, message: 'Confirm your order?' };
    expect(await streamed(waitingRun(forVisitor), true)).toContain('Confirm your order?');
  });
});

describe("a widget visitor's stream of a model's reasoning", () => {
  const thinkingRun: EngineEvent[] = [
    {
      seq: 1,
      type: 'run-start',
      runId,
      conversationId: 'c',
      startedAt: new Date(0).toISOString(),
      nodeCount: 3,
    },
    {
      seq: 2,
      type: 'node-reasoning',
      runId,
      nodeId: 'model' as never,
      delta: 'The secret plan',
      feedsAnswer: true,
    },
    { seq: 3, type: 'node-delta', runId, nodeId: 'model' as never, delta: 'Hello!', feedsAnswer: true },
    { seq: 4, type: 'run-end', runId, answer: 'Hello!', usage, durationMs: 1 },
  ] as EngineEvent[];

  const visitorStream = (showReasoning: boolean) =>
    runStreamResponse(
      async function* () {
        yield thinkingRun;
      },
      { after: 0, mapping: visitorStreamMapping('c', { showReasoning }), visitor: true },
    ).text();

  it('leaves the reasoning out on the server unless the owner turned "Show reasoning" on', async () => {
    const hidden = await visitorStream(false);
    expect(hidden).not.toContain('The secret plan');
    expect(hidden).not.toContain('reasoning');
    expect(hidden).toContain('Hello!');
    const shown = await visitorStream(true);
    expect(shown).toContain('"type":"reasoning-start"');
    expect(shown).toContain('"delta":"The secret plan"');
    // The builder's preview gets it regardless.
    expect(await streamed(thinkingRun, false)).toContain('The secret plan');
  });
});
