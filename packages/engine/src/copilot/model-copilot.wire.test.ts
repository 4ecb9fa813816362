import { afterEach, describe, expect, it } from 'vitest';
import type { Graph } from '../format/graph-schema';
import { defaultNodeRegistry as registry } from '../nodes';
import { validateGraph } from '../plan/validate-graph';
import {
  type FakeProvider,
  type FakeReply,
  startFakeProvider,
} from '../providers/__fixtures__/fake-provider-server';
import { createLanguageModel } from '../providers/create-language-model';
import { emptyWorkspace, starterGraph, templateGraph } from './__fixtures__/copilot-fixtures';
import { runModelCopilot } from './model-copilot';
import type { CopilotEvent, CopilotTurnInput } from './types';

let server: FakeProvider | undefined;
afterEach(() => server?.close());

let callCount = 0;

/** One chat.completion.chunk event. */
function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  const body = {
    id: 'chatcmpl-copilot',
    object: 'chat.completion.chunk',
    created: 1767225600,
    model: 'copilot-1',
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** A streamed turn in which the model calls tools (its arguments split in two pieces, as providers do). */
function toolCalls(...calls: [name: string, args: Record<string, unknown>][]): FakeReply {
  const events = calls.flatMap(([name, args], index) => {
    const json = JSON.stringify(args);
    const half = Math.floor(json.length / 2);
    return [
      chunk({
        role: 'assistant',
        tool_calls: [
          {
            index,
            id: `call_${++callCount}`,
            type: 'function',
            function: { name, arguments: json.slice(0, half) },
          },
        ],
      }),
      chunk({ tool_calls: [{ index, function: { arguments: json.slice(half) } }] }),
    ];
  });
  return { sse: `${events.join('')}${chunk({}, 'tool_calls')}data: [DONE]\n\n` };
}

/** A streamed turn of plain text, word by word. */
function text(answer: string): FakeReply {
  const words = answer.split(/(?<= )/).map((word) => chunk({ role: 'assistant', content: word }));
  return { sse: `${words.join('')}${chunk({}, 'stop')}data: [DONE]\n\n` };
}

type ChatBody = {
  temperature?: number;
  tools?: { function: { name: string } }[];
  messages: { role: string; content?: unknown }[];
};

/** Starts the fake provider answering the script in order (the last reply repeats). */
async function providerScript(replies: FakeReply[]) {
  server = await startFakeProvider(() => replies[Math.min(server!.requests.length, replies.length) - 1]!);
  const model = createLanguageModel({
    provider: 'openai-compatible',
    model: 'copilot-1',
    baseURL: `${server.url}/v1`,
  });
  const bodies = () => server!.requests.map((request) => request.body as ChatBody);
  return { model, bodies };
}

function turn(message: string, graph: Graph, extra: Partial<CopilotTurnInput> = {}): CopilotTurnInput {
  return { message, history: [], graph, registry, workspace: emptyWorkspace, ...extra };
}

const wireChatbot: [string, Record<string, unknown>][] = [
  ['addNode', { id: 'prompt', type: 'prompt', position: { x: 320, y: 120 }, config: { system: 'Be kind.' } }],
  ['addNode', { id: 'model', type: 'model', label: 'Writer' }],
  ['connect', { source: 'chat-input', sourceHandle: 'message', target: 'prompt', targetHandle: 'message' }],
  ['connect', { source: 'prompt', sourceHandle: 'prompt', target: 'model', targetHandle: 'prompt' }],
  ['connect', { source: 'model', sourceHandle: 'text', target: 'chat-output', targetHandle: 'text' }],
];

describe('model copilot over the wire (OpenAI-compatible chat completions with tool calls)', () => {
  it('turns valid tool calls into a proposal, sending the catalog, graph, problems and history at temperature 0', async () => {
    const { model, bodies } = await providerScript([
      toolCalls(...wireChatbot),
      text('I added a prompt and a model.'),
    ]);
    const events: CopilotEvent[] = [];
    const outcome = await runModelCopilot(
      model,
      turn('Build a kind chatbot', starterGraph(), {
        history: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello! What shall we build?' },
        ],
        onEvent: (event) => events.push(event),
      }),
    );

    expect(outcome.content).toBe('I added a prompt and a model.');
    expect(outcome.edits.map((edit) => edit.op)).toEqual([
      'addNode',
      'addNode',
      'connect',
      'connect',
      'connect',
    ]);
    expect(validateGraph(outcome.graph, registry).ok).toBe(true);
    expect(outcome.graph!.nodes.find((node) => node.id === 'model')!.data.label).toBe('Writer');
    expect(events.filter((event) => event.type === 'edit' && event.applied)).toHaveLength(5);
    expect(
      events
        .filter((event) => event.type === 'text')
        .map((event) => (event as { delta: string }).delta)
        .join(''),
    ).toBe('I added a prompt and a model.');

    const [first, second] = bodies();
    expect(first!.temperature).toBe(0);
    expect(first!.tools!.map((tool) => tool.function.name).sort()).toEqual([
      'addNode',
      'connect',
      'disconnect',
      'moveNode',
      'removeNode',
      'setConfig',
    ]);
    const system = String(first!.messages[0]!.content);
    expect(first!.messages[0]!.role).toBe('system');
    expect(system).toContain('You are the Copilot of Agentry');
    expect(system).toContain('- chat-input — Chat Input (Inputs/Outputs)');
    expect(system).toContain('- chat-output [chat-output] "Chat Output" at (640, 120)');
    expect(system).toContain('No path leads from the Chat Input to a Chat Output.');
    expect(first!.messages.slice(1)).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! What shall we build?' },
      { role: 'user', content: 'Build a kind chatbot' },
    ]);
    const results = second!.messages
      .filter((message) => message.role === 'tool')
      .map((message) => String(message.content));
    expect(results).toHaveLength(5);
    expect(JSON.parse(results[0]!)).toEqual({
      ok: true,
      inputs: '"message" (text, required), "files" (files)',
      outputs: '"prompt" (messages), "text" (text)',
    });
    expect(JSON.parse(results[2]!)).toEqual({ ok: true });
  });

  it('refuses an invalid edit back to the model with the problem, and takes its correction', async () => {
    const base = templateGraph('basic-chatbot');
    base.nodes = base.nodes.filter((node) => node.id !== 'memory');
    base.edges = base.edges.filter((edge) => edge.source !== 'memory');
    const { model, bodies } = await providerScript([
      toolCalls(
        ['addNode', { id: 'memory', type: 'memory', position: { x: 300, y: 360 } }],
        ['connect', { source: 'memory', sourceHandle: 'memory', target: 'model', targetHandle: 'prompt' }],
      ),
      toolCalls([
        'connect',
        { source: 'memory', sourceHandle: 'memory', target: 'model', targetHandle: 'memory' },
      ]),
      text('Added a memory to the model.'),
    ]);
    const events: CopilotEvent[] = [];
    const outcome = await runModelCopilot(
      model,
      turn('add memory', base, { onEvent: (event) => events.push(event) }),
    );

    const refused = events.find((event) => event.type === 'edit' && !event.applied);
    expect(refused).toMatchObject({
      edit: { op: 'connect', targetHandle: 'prompt' },
      problem: expect.stringContaining(
        'Cannot connect the memory output "memory" of "memory" to the messages input "prompt"',
      ),
    });
    const toolResults = bodies()[1]!
      .messages.filter((message) => message.role === 'tool')
      .map((message) => String(message.content));
    expect(JSON.parse(toolResults[1]!)).toEqual({
      ok: false,
      problem: (refused as { problem: string }).problem,
    });
    expect(outcome.edits).toEqual([
      { op: 'addNode', id: 'memory', type: 'memory', position: { x: 300, y: 360 } },
      { op: 'connect', source: 'memory', sourceHandle: 'memory', target: 'model', targetHandle: 'memory' },
    ]);
    expect(validateGraph(outcome.graph, registry).ok).toBe(true);
  });

  it('sends the problems of a graph left invalid back to the model, which repairs it', async () => {
    const { model, bodies } = await providerScript([
      toolCalls(['addNode', { id: 'prompt', type: 'prompt' }]),
      text('Added a prompt.'),
      toolCalls(
        [
          'connect',
          { source: 'chat-input', sourceHandle: 'message', target: 'prompt', targetHandle: 'message' },
        ],
        ['connect', { source: 'prompt', sourceHandle: 'text', target: 'chat-output', targetHandle: 'text' }],
      ),
      text('And connected it.'),
    ]);
    const outcome = await runModelCopilot(model, turn('add a prompt', starterGraph()));

    const repair = bodies()[2]!.messages.at(-1)!;
    expect(repair.role).toBe('user');
    expect(String(repair.content)).toMatch(/^The graph still has these problems:\n- /);
    expect(String(repair.content)).toContain('- Prompt "prompt" needs its "message" input connected.');
    expect(String(repair.content)).toContain('Fix them with the tools.\n\nThe graph now:\nNodes:');
    expect(outcome.content).toBe('Added a prompt.\n\nAnd connected it.');
    expect(validateGraph(outcome.graph, registry).ok).toBe(true);
  });

  it('gives up with invalid_proposal, naming the problems, when the repair rounds run out', async () => {
    const { model, bodies } = await providerScript([
      toolCalls(['addNode', { id: 'prompt', type: 'prompt' }]),
      text('Done.'),
    ]);
    const failure = runModelCopilot(model, turn('add a prompt', starterGraph()));
    await expect(failure).rejects.toMatchObject({
      name: 'CopilotError',
      code: 'invalid_proposal',
      message: expect.stringMatching(
        /still has problems after 3 attempts to fix them, so nothing is proposed:\n(- .*\n)*- Prompt "prompt" needs its "message" input connected\./,
      ),
    });
    expect(bodies()).toHaveLength(5); // the turn, its text, and three repair rounds
  });

  it('answers without a proposal when the model only explains', async () => {
    const { model } = await providerScript([text('It has no path to the Chat Output yet.')]);
    const outcome = await runModelCopilot(model, turn('why does this fail?', starterGraph()));
    expect(outcome).toEqual({ content: 'It has no path to the Chat Output yet.', edits: [], graph: null });
  });

  it('reports a provider error as provider_failed with the provider’s explanation', async () => {
    server = await startFakeProvider(() => ({
      json: { error: { message: 'overloaded', type: 'server_error' } },
      status: 500,
    }));
    const model = createLanguageModel({
      provider: 'openai-compatible',
      model: 'copilot-1',
      baseURL: `${server.url}/v1`,
    });
    await expect(runModelCopilot(model, turn('hello', starterGraph()))).rejects.toMatchObject({
      code: 'provider_failed',
      message: expect.stringContaining('had a server error (500)'),
    });
    expect(server.requests).toHaveLength(1); // no silent retries: the person sees the failure at once
  });

  it('stops with aborted when the turn is cancelled mid-stream', async () => {
    server = await startFakeProvider(() => ({
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chunk({ role: 'assistant', content: 'Let me ' }));
      },
    }));
    const model = createLanguageModel({
      provider: 'openai-compatible',
      model: 'copilot-1',
      baseURL: `${server.url}/v1`,
    });
    const controller = new AbortController();
    const failure = runModelCopilot(
      model,
      turn('hello', starterGraph(), {
        signal: controller.signal,
        onEvent: (event) => event.type === 'text' && controller.abort(),
      }),
    );
    await expect(failure).rejects.toMatchObject({ code: 'aborted' });
  });

  it('stops with too_many_edits past the per-turn limit', async () => {
    const calls = Array.from({ length: 61 }, (_, index): [string, Record<string, unknown>] => [
      'addNode',
      { id: `memory-${index}`, type: 'memory' },
    ]);
    const { model } = await providerScript([toolCalls(...calls), text('Done.')]);
    await expect(runModelCopilot(model, turn('add lots', starterGraph()))).rejects.toMatchObject({
      code: 'too_many_edits',
      message: expect.stringContaining('more than 60 edits in one turn'),
    });
  });
});
