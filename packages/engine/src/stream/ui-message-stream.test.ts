import { readUIMessageStream } from 'ai';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import { nodeId } from '../format/ids';
import type { EngineEvent } from '../runtime/events';
import { createMemoryContext } from '../runtime/in-memory';
import { runGraph } from '../runtime/run-graph';
import { scriptedModel, textParts, toolCallParts } from '../testing/mock-model';
import { mockContext } from '../testing/run-helpers';
import { type AgentryUIMessage, createEngineUIMessageStream, toUIMessageChunks } from './ui-message-stream';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function* replay(events: EngineEvent[]): AsyncGenerator<EngineEvent> {
  yield* events;
}

function agentRun() {
  const model = scriptedModel(
    toolCallParts('call-1', 'calculator', { expression: '6*7' }),
    textParts(['It is ', '42.']),
  );
  return runGraph({
    graph: loadFixture('agent-tools'),
    input: { message: '6*7?' },
    context: mockContext({ 'agent-model': model }),
    runId: 'run-1',
  });
}

describe('UI message stream', () => {
  it('produces every engine event type on an agent run', async () => {
    const types = new Set((await collect(agentRun())).map((event) => event.type));
    expect([...types].sort()).toEqual([
      'node-delta',
      'node-end',
      'node-start',
      'run-end',
      'run-start',
      'tool-call',
      'tool-result',
    ]);
  });

  it('maps events to chunks: answer text, node/tool/run data parts, finish', async () => {
    const chunks = await collect(toUIMessageChunks(agentRun(), { sendNodeParts: false }));
    expect(
      chunks.map((chunk) =>
        'id' in chunk && chunk.type.startsWith('text') ? `${chunk.type}:${chunk.id}` : chunk.type,
      ),
    ).toEqual([
      'start',
      'data-run',
      'data-tool',
      'tool-input-start',
      'tool-input-available',
      'data-tool',
      'tool-output-available',
      'text-start:agent',
      'text-delta:agent',
      'text-delta:agent',
      'text-end:agent',
      'data-run',
      'finish',
    ]);
    expect(chunks[5]).toMatchObject({
      type: 'data-tool',
      id: 'call-1',
      data: { status: 'done', output: { result: 42 } },
    });
    expect(chunks.at(-2)).toMatchObject({ type: 'data-run', id: 'run-1', data: { status: 'done' } });
  });

  it('builds the message useChat would show, with one data part per node updated in place', async () => {
    const stream = createEngineUIMessageStream(agentRun(), { messageId: 'm1' });
    const messages = await collect(readUIMessageStream<AgentryUIMessage>({ stream }));
    const message = messages.at(-1)!;
    expect(message.id).toBe('m1');
    const text = message.parts.filter((part) => part.type === 'text').map((part) => part.text);
    expect(text).toEqual(['It is 42.']);
    const nodes = message.parts.flatMap((part) => (part.type === 'data-node' ? [part.data] : []));
    expect(nodes.map((node) => `${node.nodeId}:${node.status}`).sort()).toEqual([
      'agent:done',
      'calculator:done',
      'chat-input:done',
      'chat-output:done',
      'clock:done',
      'model:done',
    ]);
    expect(message.parts.filter((part) => part.type === 'data-tool')).toHaveLength(1);
  });

  it('sends an unstreamed answer whole, and errors as error chunks with the run state', async () => {
    const events: EngineEvent[] = [
      {
        type: 'run-start',
        runId: 'r',
        conversationId: 'c',
        startedAt: '2026-01-01T00:00:00Z',
        nodeCount: 2,
        seq: 1,
      },
      {
        type: 'run-end',
        runId: 'r',
        answer: 'Plain answer',
        usage: { inputTokens: 0, outputTokens: 0 },
        durationMs: 1,
        seq: 2,
      },
    ];
    const chunks = await collect(toUIMessageChunks(replay(events)));
    expect(chunks).toContainEqual({ type: 'text-delta', id: 'answer', delta: 'Plain answer' });

    const invalid = await collect(
      toUIMessageChunks(
        runGraph({
          graph: { version: 1, nodes: [], edges: [] },
          input: { message: 'x' },
          context: createMemoryContext(),
        }),
      ),
    );
    expect(invalid.map((chunk) => chunk.type)).toEqual(['start', 'data-run', 'error']);
    expect(invalid[1]).toMatchObject({ data: { status: 'failed', error: { code: 'invalid_graph' } } });
  });

  it('maps waits to approval parts a useChat client reads, and node-restart to data-node-restart', async () => {
    const usage = { inputTokens: 1, outputTokens: 2 };
    const agent = nodeId('agent');
    const base = { runId: 'r', conversationId: 'c', startedAt: '2026-01-01T00:00:00Z', nodeCount: 2 };
    const toolWait: EngineEvent[] = [
      { type: 'run-start', ...base, seq: 1 },
      { type: 'node-delta', runId: 'r', nodeId: agent, delta: 'Partial', feedsAnswer: true, seq: 2 },
      { type: 'node-restart', runId: 'r', nodeId: agent, seq: 3 },
      {
        type: 'run-waiting',
        runId: 'r',
        usage,
        durationMs: 1,
        seq: 4,
        request: {
          id: 'r:wait-1',
          kind: 'tool',
          nodeId: agent,
          message: 'Run issue_refund?',
          choices: [
            { id: 'approve', label: 'Approve' },
            { id: 'deny', label: 'Deny' },
          ],
          toolCall: { toolCallId: 'call-1', toolName: 'issue_refund', input: { order: 7 } },
          audience: 'operator',
        },
      },
    ];
    const chunks = await collect(toUIMessageChunks(replay(toolWait)));
    expect(chunks.map((chunk) => chunk.type)).toEqual([
      'start',
      'data-run',
      'text-start',
      'text-delta',
      'text-end',
      'data-node-restart',
      'tool-input-available',
      'tool-approval-request',
      'data-run',
      'finish',
    ]);
    let message: AgentryUIMessage | undefined;
    const stream = createEngineUIMessageStream(replay(toolWait));
    for await (const update of readUIMessageStream<AgentryUIMessage>({ stream })) message = update;
    const toolPart = message?.parts.find((part) => part.type === 'dynamic-tool');
    expect(toolPart).toMatchObject({
      toolName: 'issue_refund',
      state: 'approval-requested',
      approval: { id: 'r:wait-1' },
    });
    expect(message?.parts).toContainEqual(
      expect.objectContaining({ type: 'data-node-restart', data: { nodeId: 'agent' } }),
    );

    const approvalWait = toolWait.map((event) =>
      event.type === 'run-waiting'
        ? { ...event, request: { ...event.request, kind: 'approval' as const, toolCall: undefined } }
        : event,
    );
    const approvalChunks = await collect(toUIMessageChunks(replay(approvalWait)));
    expect(approvalChunks).toContainEqual(
      expect.objectContaining({
        type: 'data-approval',
        id: 'r:wait-1',
        data: expect.objectContaining({ kind: 'approval' }),
      }),
    );
    expect(approvalChunks.at(-2)).toMatchObject({ type: 'data-run', data: { status: 'waiting' } });
  });
});
