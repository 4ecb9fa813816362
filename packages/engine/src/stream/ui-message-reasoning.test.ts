import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { readUIMessageStream } from 'ai';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import { createOfflineModel } from '../providers/offline/offline-model';
import type { EngineEvent } from '../runtime/events';
import { runGraph } from '../runtime/run-graph';
import { scriptedModel, textParts, toolCallParts, usage } from '../testing/mock-model';
import { mockContext } from '../testing/run-helpers';
import {
  type AgentryUIMessage,
  createEngineUIMessageStream,
  toUIMessageChunks,
  type UIMessageStreamMappingOptions,
} from './ui-message-stream';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function reasoningParts(deltas: string[]): LanguageModelV4StreamPart[] {
  return [
    { type: 'reasoning-start', id: 'r1' },
    ...deltas.map((delta): LanguageModelV4StreamPart => ({ type: 'reasoning-delta', id: 'r1', delta })),
    { type: 'reasoning-end', id: 'r1' },
  ];
}

/** An agent that thinks, calls the calculator (or a tool that fails), thinks again and answers. */
function thinkingAgentRun(tool = 'calculator', input: unknown = { expression: '6*7' }) {
  const model = scriptedModel(
    [...reasoningParts(['Six times ', 'seven.']), ...toolCallParts('call-1', tool, input)],
    [...reasoningParts(['Got it.']), ...textParts(['It is ', '42.'])],
  );
  return runGraph({
    graph: loadFixture('agent-tools'),
    input: { message: '6*7?' },
    context: mockContext({ 'agent-model': model }),
    runId: 'run-1',
  });
}

async function finalMessage(events: AsyncIterable<EngineEvent>, options?: UIMessageStreamMappingOptions) {
  const stream = createEngineUIMessageStream(events, { messageId: 'm1', ...options });
  return (await collect(readUIMessageStream<AgentryUIMessage>({ stream }))).at(-1)!;
}

describe('UI message stream: reasoning and tool parts', () => {
  it('streams reasoning as reasoning parts and tool calls as dynamic tool parts useChat reads', async () => {
    const message = await finalMessage(thinkingAgentRun());
    const shown = message.parts.filter(
      (part) => !part.type.startsWith('data-') && part.type !== 'step-start',
    );
    expect(shown).toEqual([
      expect.objectContaining({ type: 'reasoning', text: 'Six times seven.', state: 'done' }),
      expect.objectContaining({
        type: 'dynamic-tool',
        toolName: 'calculator',
        toolCallId: 'call-1',
        state: 'output-available',
        input: { expression: '6*7' },
        output: expect.objectContaining({ result: 42 }),
      }),
      expect.objectContaining({ type: 'reasoning', text: 'Got it.', state: 'done' }),
      expect.objectContaining({ type: 'text', text: 'It is 42.' }),
    ]);
    // The custom data-tool part still comes with the node id, for clients that show which node called.
    expect(message.parts.find((part) => part.type === 'data-tool')).toMatchObject({
      data: { toolCallId: 'call-1', nodeId: 'agent', status: 'done' },
    });
  });

  it('sends a failed tool call as output-error with the error message', async () => {
    const message = await finalMessage(thinkingAgentRun('calculator', { expression: '6*' }));
    const tool = message.parts.find((part) => part.type === 'dynamic-tool');
    expect(tool).toMatchObject({ state: 'output-error', toolCallId: 'call-1' });
    expect((tool as { errorText: string }).errorText).not.toMatch(/^\{/);
    expect((tool as { errorText: string }).errorText.length).toBeGreaterThan(0);
  });

  it('leaves reasoning out entirely when sendReasoning is false', async () => {
    const chunks = await collect(toUIMessageChunks(thinkingAgentRun(), { sendReasoning: false }));
    expect(chunks.filter((chunk) => chunk.type.startsWith('reasoning'))).toEqual([]);
    expect(chunks.filter((chunk) => chunk.type === 'text-delta').map((chunk) => chunk.delta)).toEqual([
      'It is ',
      '42.',
    ]);
  });

  it('reads reasoning from a plain completion (Model node) and keeps it out of the answer', async () => {
    const model = scriptedModel([
      ...reasoningParts(['Hmm.']),
      { type: 'text-start', id: 't1' },
      { type: 'text-delta', id: 't1', delta: 'Hello.' },
      { type: 'text-end', id: 't1' },
      { type: 'finish', usage: usage(3, 2), finishReason: { unified: 'stop', raw: 'stop' } },
    ]);
    const events = await collect(
      runGraph({
        graph: loadFixture('single-model'),
        input: { message: 'Hi' },
        context: mockContext({ main: model }),
      }),
    );
    expect(events.filter((event) => event.type === 'node-reasoning')).toMatchObject([
      { nodeId: 'model', delta: 'Hmm.', feedsAnswer: true },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', answer: 'Hello.' });
  });

  it('the offline model reasons, labelled, only when asked to think', async () => {
    const run = (message: string) =>
      collect(
        runGraph({
          graph: loadFixture('single-model'),
          input: { message },
          context: mockContext({ main: createOfflineModel() }),
        }),
      );
    const thinking = (await run('Please think about the weather')).filter(
      (event) => event.type === 'node-reasoning',
    );
    const reasoning = thinking.map((event) => (event.type === 'node-reasoning' ? event.delta : '')).join('');
    expect(reasoning).toBe(
      '[Offline model] Thinking: the message has 5 words and asks me to think first. I have no real model, so I answer by restating it.',
    );
    const plain = await run('Tell me about the weather');
    expect(plain.some((event) => event.type === 'node-reasoning')).toBe(false);
  });
});
