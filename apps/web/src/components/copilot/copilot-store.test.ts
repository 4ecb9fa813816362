import type { CopilotEdit, Graph } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { CopilotStore, type CopilotState } from './copilot-store';
import type { CopilotMessage } from './copilot-types';

const STARTER: Graph = {
  version: 1,
  nodes: [
    {
      id: 'chat-input',
      type: 'chat-input',
      position: { x: 0, y: 0 },
      data: { label: 'Chat Input', config: {} },
    },
    {
      id: 'chat-output',
      type: 'chat-output',
      position: { x: 600, y: 0 },
      data: { label: 'Chat Output', config: {} },
    },
  ],
  edges: [],
};

const addMemory: CopilotEdit = { op: 'addNode', id: 'memory', type: 'memory', config: { windowSize: 20 } };
const addModel: CopilotEdit = { op: 'addNode', id: 'model', type: 'model', config: { provider: 'offline' } };
const badConnect: CopilotEdit = {
  op: 'connect',
  source: 'memory',
  sourceHandle: 'nope',
  target: 'model',
  targetHandle: 'memory',
};

function message(
  id: string,
  role: 'user' | 'assistant',
  content: string,
  extra: Partial<CopilotMessage> = {},
) {
  return {
    id,
    role,
    content,
    status: null,
    proposal: null,
    acceptedRevision: null,
    acceptedBy: null,
    acceptedAt: null,
    createdAt: '2026-12-06T10:00:00.000Z',
    ...extra,
  } satisfies CopilotMessage;
}

const BY = { kind: 'offline', label: 'Offline copilot (no model)' } as const;
const line = (value: object) => `${JSON.stringify(value)}\n`;
const start = (text: string) => line({ type: 'start', userMessage: message('u1', 'user', text), by: BY });

/** A response body the test writes into piece by piece, then closes or breaks. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(value) {
      controller = value;
    },
  });
  return {
    stream,
    push: (bytes: Uint8Array | string) =>
      controller.enqueue(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes),
    close: () => controller.close(),
    drop: () => controller.error(new TypeError('network error')),
  };
}

interface Call {
  url: string;
  method: string;
  body?: unknown;
  signal?: AbortSignal;
}

/** A fetch answering each request with the next scripted response, recording what was asked. */
function scriptedFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({
      url: String(input),
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      signal: init.signal ?? undefined,
    });
    const next = responses.shift();
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const ndjson = (body: ReadableStream<Uint8Array> | string) =>
  new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });

function newStore(fetch: typeof globalThis.fetch, stored: unknown[][] = [[]]) {
  let loads = 0;
  const store = new CopilotStore({
    agentId: 'a1',
    fetch,
    loadMessages: async () => stored[Math.min(loads++, stored.length - 1)] ?? [],
  });
  const states: CopilotState[] = [];
  store.subscribe(() => states.push(store.getState()));
  return { store, states, loads: () => loads };
}

/** Lets the store read what was pushed so far. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CopilotStore', () => {
  it('reads lines split anywhere across network reads, even inside a character', async () => {
    const body = controlledBody();
    const { fetch, calls } = scriptedFetch([() => ndjson(body.stream)]);
    const { store } = newStore(fetch);
    const sending = store.send('Make it answer in Chinese', STARTER, 3);
    await settle();
    expect(store.getState().messages.map((item) => item.content)).toEqual(['Make it answer in Chinese']);
    const text = start('Make it answer in Chinese') + line({ type: 'text', delta: '好的, ' });
    const bytes = new TextEncoder().encode(text);
    // Split inside the JSON of the start line, then inside the three bytes of "好".
    const cut = text.indexOf('好');
    const cutBytes = new TextEncoder().encode(text.slice(0, cut)).length + 1;
    body.push(bytes.slice(0, 17));
    body.push(bytes.slice(17, cutBytes));
    await settle();
    expect(store.getState().turn?.text).toBe('');
    body.push(bytes.slice(cutBytes));
    await settle();
    expect(store.getState().turn?.text).toBe('好的, ');
    // The last line comes without its newline: it still counts.
    body.push(line({ type: 'text', delta: 'done.' }));
    body.push(JSON.stringify({ type: 'message', message: message('m1', 'assistant', '好的, done.') }));
    body.close();
    await sending;
    const state = store.getState();
    expect(calls[0]).toMatchObject({
      url: '/api/v1/agents/a1/copilot',
      method: 'POST',
      body: { message: 'Make it answer in Chinese', graph: STARTER, revision: 3 },
    });
    expect(state.messages.map((item) => [item.id, item.content])).toEqual([
      ['u1', 'Make it answer in Chinese'],
      ['m1', '好的, done.'],
    ]);
    expect(state).toMatchObject({ status: 'idle', turn: null, error: null, by: BY, lastAnswerId: 'm1' });
  });

  it('builds the live proposal from applied edits and lists refused ones with their problem', async () => {
    const body = controlledBody();
    const { fetch } = scriptedFetch([() => ndjson(body.stream)]);
    const { store } = newStore(fetch);
    const sending = store.send('a chatbot that remembers', STARTER, 1);
    body.push(start('a chatbot that remembers') + line({ type: 'edit', edit: addMemory, applied: true }));
    await settle();
    expect(store.getState().turn?.graph.nodes.map((node) => node.id)).toEqual([
      'chat-input',
      'chat-output',
      'memory',
    ]);
    expect(store.getState().turn?.base).toBe(STARTER);
    body.push(
      line({ type: 'edit', edit: badConnect, applied: false, problem: 'memory has no output "nope".' }) +
        line({ type: 'edit', edit: addModel, applied: true }),
    );
    await settle();
    const turn = store.getState().turn!;
    expect(turn.graph.nodes.map((node) => node.id)).toEqual(['chat-input', 'chat-output', 'memory', 'model']);
    expect(turn.edits).toEqual([
      { edit: addMemory, applied: true },
      { edit: badConnect, applied: false, problem: 'memory has no output "nope".' },
      { edit: addModel, applied: true },
    ]);
    // The graph that was sent is never changed.
    expect(STARTER.nodes).toHaveLength(2);
    body.push(line({ type: 'message', message: message('m1', 'assistant', 'Added memory.') }));
    body.close();
    await sending;
    expect(store.getState().turn).toBeNull();
  });

  it('shows an error line after the stored message, in words with its cause', async () => {
    const stream =
      start('Add a tool') +
      line({ type: 'message', message: message('m1', 'assistant', 'The model provider failed.') }) +
      line({ type: 'error', code: 'provider_failed', message: 'Fake provider error 500' });
    const { fetch } = scriptedFetch([() => ndjson(stream)]);
    const { store } = newStore(fetch);
    await store.send('Add a tool', STARTER, 1);
    const state = store.getState();
    expect(state.error).toEqual({
      code: 'turn_failed',
      error: 'provider_failed',
      message: 'Fake provider error 500',
    });
    expect(state.messages.map((item) => item.id)).toEqual(['u1', 'm1']);
    expect(state.status).toBe('idle');
  });

  it('reports HTTP errors before the stream with the server message, the retry time, and the text to send again', async () => {
    const { fetch } = scriptedFetch([
      () =>
        Response.json(
          { error: { code: 'bad_request', message: 'message: at most 4000 characters.' } },
          { status: 400 },
        ),
      () =>
        Response.json(
          { error: { code: 'rate_limited', message: 'Too many Copilot turns.' } },
          { status: 429, headers: { 'retry-after': '30' } },
        ),
      () => new Response('<html>Bad gateway</html>', { status: 502 }),
    ]);
    const { store } = newStore(fetch);
    await store.send('x'.repeat(10), STARTER, 1);
    expect(store.getState()).toMatchObject({
      messages: [],
      error: { code: 'http', status: 400, message: 'message: at most 4000 characters.' },
      unsent: 'x'.repeat(10),
      status: 'idle',
    });
    await store.send('again', STARTER, 1);
    expect(store.getState().error).toEqual({
      code: 'http',
      status: 429,
      message: 'Too many Copilot turns.',
      retryAfter: 30,
    });
    await store.send('again', STARTER, 1);
    expect(store.getState().error).toEqual({ code: 'http', status: 502 });
    expect(store.getState().messages).toEqual([]);
  });

  it('says when the stream drops before the answer, and reloads what the server kept', async () => {
    const body = controlledBody();
    const { fetch } = scriptedFetch([() => ndjson(body.stream)]);
    const kept = [message('u1', 'user', 'Add memory')];
    const { store, loads } = newStore(fetch, [[], kept]);
    await store.load();
    const sending = store.send('Add memory', STARTER, 1);
    body.push(start('Add memory') + line({ type: 'text', delta: 'Adding' }));
    await settle();
    body.drop();
    await sending;
    expect(store.getState().error).toEqual({ code: 'cut_off' });
    expect(store.getState().turn).toBeNull();
    expect(loads()).toBe(2);
    expect(store.getState().messages.map((item) => item.id)).toEqual(['u1']);
  });

  it('names a line that is not JSON', async () => {
    const { fetch } = scriptedFetch([() => ndjson(`${start('Hi')}<!doctype html>\n`)]);
    const { store } = newStore(fetch);
    await store.send('Hi', STARTER, 1);
    expect(store.getState().error).toEqual({
      code: 'unreadable',
      line: { kind: 'not_json', line: '<!doctype html>' },
    });
  });

  it('stops: aborts the request, keeps no half turn, and says so without an error', async () => {
    const body = controlledBody();
    const { fetch, calls } = scriptedFetch([() => ndjson(body.stream)]);
    const { store, loads } = newStore(fetch);
    const sending = store.send('Build a support bot', STARTER, 1);
    body.push(line({ type: 'text', delta: 'Working' }));
    await settle();
    expect(store.getState().status).toBe('streaming');
    store.stop();
    await sending;
    expect(calls[0]?.signal?.aborted).toBe(true);
    const state = store.getState();
    expect(state).toMatchObject({
      status: 'idle',
      turn: null,
      error: null,
      notice: 'stopped',
    });
    // The unconfirmed user turn goes; the reload shows it if the server stored it.
    expect(state.messages).toEqual([]);
    expect(loads()).toBe(1);
  });

  it('keeps a turn sent while the conversation was still loading', async () => {
    let release!: (value: unknown[]) => void;
    const { fetch } = scriptedFetch([
      () => ndjson(start('Hi') + line({ type: 'message', message: message('m2', 'assistant', 'Hello.') })),
    ]);
    const store = new CopilotStore({
      agentId: 'a1',
      fetch,
      loadMessages: () => new Promise((resolve) => (release = resolve)),
    });
    const loading = store.load();
    expect(store.getState().status).toBe('loading');
    await store.send('Hi', STARTER, 1);
    release([message('m0', 'assistant', 'Earlier.')]);
    await loading;
    expect(store.getState().messages.map((item) => item.id)).toEqual(['m0', 'u1', 'm2']);
  });
});
