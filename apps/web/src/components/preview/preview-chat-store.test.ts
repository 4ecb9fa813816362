import { describe, expect, it } from 'vitest';
import { messageText, openQuestion } from './chat-message';
import { PreviewChatStore } from './preview-chat-store';

type Chunk = { type: string; [field: string]: unknown };

/** One numbered event as the server writes it: `id:` on its last chunk. */
function event(seq: number, ...chunks: Chunk[]): string {
  return chunks
    .map(
      (chunk, index) =>
        `${index === chunks.length - 1 ? `id: ${seq}\n` : ''}data: ${JSON.stringify(chunk)}\n\n`,
    )
    .join('');
}

const text = (id: string, delta: string): Chunk => ({ type: 'text-delta', id, delta });
const run = (status: string): Chunk => ({ type: 'data-run', id: 'r1', data: { runId: 'r1', status } });
const start: Chunk = { type: 'start', messageMetadata: { runId: 'r1', conversationId: 'c1' } };
const approval = {
  id: 'q1',
  kind: 'approval',
  nodeId: 'approve',
  message: 'Refund 40 EUR?',
  choices: [
    { id: 'approve', label: 'Approve' },
    { id: 'reject', label: 'Reject' },
  ],
  audience: 'operator',
};

/** A body that sends `text` and then either ends (`[DONE]`) or drops the connection. */
function body(text: string, end: 'done' | 'drop'): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(end === 'done' ? `${text}data: [DONE]\n\n` : text);
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true;
        controller.enqueue(bytes);
      } else if (end === 'done') controller.close();
      else controller.error(new TypeError('network error'));
    },
  });
}

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** A fetch answering each request with the next scripted response, recording what was asked. */
function scriptedFetch(responses: (() => Response)[]) {
  const calls: Call[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    const next = responses.shift();
    if (!next) throw new Error(`unexpected request ${String(input)}`);
    return next();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const sse = (stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Response(stream, { headers: { 'content-type': 'text/event-stream', ...headers } });
const runHeaders = { 'x-agentry-run-id': 'r1', 'x-agentry-conversation-id': 'c1' };

function newStore(fetch: typeof globalThis.fetch, storage?: Storage) {
  return new PreviewChatStore({
    agentId: 'a1',
    fetch,
    storage,
    retryDelays: [0, 0, 0],
    sleep: async () => {},
  });
}

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    length: 0,
  };
}

describe('PreviewChatStore', () => {
  it('reattaches after a dropped connection from the last event it has whole, showing the text once', async () => {
    const first =
      event(1, start, run('running')) +
      event(2, { type: 'text-start', id: 'agent' }, text('agent', 'Hello, '));
    // The connection drops in the middle of event 3: its first chunk arrived without its id.
    const cut = `${first}data: ${JSON.stringify(text('agent', 'wor'))}\n\n`;
    // The server replays from after 2; an overlapping event (2 again) must not be applied twice.
    const replay =
      event(2, text('agent', 'Hello, ')) +
      event(3, text('agent', 'world')) +
      event(4, text('agent', '!'), { type: 'text-end', id: 'agent' }) +
      event(5, run('done'), { type: 'finish' });
    const { fetch, calls } = scriptedFetch([
      () => sse(body(cut, 'drop'), runHeaders),
      () => sse(body(replay, 'done')),
    ]);
    const store = newStore(fetch);
    await store.send('Hi');
    const state = store.getState();
    expect(messageText(state.messages.at(-1)!)).toBe('Hello, world!');
    expect(state.status).toBe('idle');
    expect(calls[1]).toMatchObject({ url: '/api/v1/runs/r1/stream', headers: { 'last-event-id': '2' } });
    expect(store.lastSeq).toBe(5);
  });

  it('drops the partial text of a node that restarts, keeping the others', async () => {
    const stream =
      event(1, start, run('running')) +
      event(2, { type: 'text-start', id: 'intro' }, text('intro', 'Sure. '), {
        type: 'text-end',
        id: 'intro',
      }) +
      event(3, { type: 'text-start', id: 'agent' }, text('agent', 'The refund is 4')) +
      event(
        4,
        { type: 'text-end', id: 'agent' },
        { type: 'data-node-restart', id: 'agent', data: { nodeId: 'agent' } },
      ) +
      event(5, { type: 'text-start', id: 'agent' }, text('agent', 'The refund is 40 EUR.')) +
      event(6, { type: 'text-end', id: 'agent' }, run('done'), { type: 'finish' });
    const { fetch } = scriptedFetch([() => sse(body(stream, 'done'), runHeaders)]);
    const store = newStore(fetch);
    await store.send('Refund?');
    expect(messageText(store.getState().messages.at(-1)!)).toBe('Sure. The refund is 40 EUR.');
  });

  it('shows a waiting question, posts the answer and streams the continued run into the same message', async () => {
    const waiting =
      event(1, start, run('running')) +
      event(2, { type: 'text-start', id: 'draft' }, text('draft', 'Proposed: refund.'), {
        type: 'text-end',
        id: 'draft',
      }) +
      event(3, { type: 'data-approval', id: 'q1', data: approval }, run('waiting'), { type: 'finish' });
    const continued =
      event(4, { type: 'text-start', id: 'act' }, text('act', ' Refunded.')) +
      event(5, run('done'), { type: 'finish' });
    const { fetch, calls } = scriptedFetch([
      () => sse(body(waiting, 'done'), runHeaders),
      () => Response.json({ id: 'r1', status: 'running' }, { status: 202 }),
      () => sse(body(continued, 'done')),
    ]);
    const store = newStore(fetch);
    await store.send('Refund order 7');
    expect(store.getState().status).toBe('waiting');
    expect(openQuestion(store.getState().messages.at(-1))?.message).toBe('Refund 40 EUR?');
    await store.answer('q1', { choice: 'approve' });
    expect(calls[1]).toMatchObject({
      url: '/api/v1/runs/r1/resume',
      method: 'POST',
      body: { requestId: 'q1', choice: 'approve' },
    });
    expect(calls[2]?.headers['last-event-id']).toBe('3');
    const state = store.getState();
    expect(state.messages).toHaveLength(2);
    expect(messageText(state.messages[1]!)).toBe('Proposed: refund. Refunded.');
    expect(openQuestion(state.messages[1])).toBeUndefined();
    expect(state.status).toBe('idle');
  });

  it('after a reload replays the waiting run from the start and shows its question again', async () => {
    const storage = memoryStorage();
    const waiting =
      event(1, start, run('running')) +
      event(2, { type: 'text-start', id: 'draft' }, text('draft', 'Proposed.'), {
        type: 'text-end',
        id: 'draft',
      }) +
      event(3, { type: 'data-approval', id: 'q1', data: approval }, run('waiting'), { type: 'finish' });
    const first = scriptedFetch([() => sse(body(waiting, 'done'), runHeaders)]);
    await newStore(first.fetch, storage).send('Refund order 7');

    const second = scriptedFetch([() => sse(body(waiting, 'done'))]);
    const reloaded = newStore(second.fetch, storage);
    await reloaded.restore();
    expect(second.calls[0]).toMatchObject({
      url: '/api/v1/runs/r1/stream',
      headers: { 'last-event-id': '0' },
    });
    const state = reloaded.getState();
    expect(state.conversationId).toBe('c1');
    expect(state.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(messageText(state.messages[1]!)).toBe('Proposed.');
    expect(openQuestion(state.messages[1])?.id).toBe('q1');
    expect(state.status).toBe('waiting');
  });

  it('renders a tool wait from the AI SDK approval parts with the call and its arguments', async () => {
    const stream =
      event(1, start, run('running')) +
      event(
        2,
        {
          type: 'tool-input-available',
          toolCallId: 't1',
          toolName: 'refund',
          input: { amount: 40 },
          dynamic: true,
        },
        { type: 'tool-approval-request', approvalId: 'q2', toolCallId: 't1' },
        run('waiting'),
        { type: 'finish' },
      );
    const { fetch } = scriptedFetch([() => sse(body(stream, 'done'), runHeaders)]);
    const store = newStore(fetch);
    await store.send('Refund');
    const question = openQuestion(store.getState().messages.at(-1));
    expect(question).toMatchObject({
      id: 'q2',
      kind: 'tool',
      toolCall: { toolName: 'refund', input: { amount: 40 } },
    });
    expect(question?.choices.map((choice) => choice.id)).toEqual(['approve', 'deny']);
  });

  it('asks the run how it ended when its stream ends without saying (interrupted by a restart)', async () => {
    const stream =
      event(1, start, run('running')) + event(2, { type: 'text-start', id: 'a' }, text('a', 'Par'));
    const { fetch, calls } = scriptedFetch([
      () => sse(body(stream, 'done'), runHeaders),
      () =>
        Response.json({
          id: 'r1',
          status: 'interrupted',
          error: { code: 'interrupted', message: 'A tool call was in flight.' },
        }),
    ]);
    const store = newStore(fetch);
    await store.send('Go');
    expect(calls[1]?.url).toBe('/api/v1/runs/r1');
    expect(store.getState().messages.at(-1)?.run?.status).toBe('interrupted');
  });

  it('sends uploaded files as file parts of the last message only, and shows them on it', async () => {
    const done = event(1, start, text('model', 'Got it'), run('done'), { type: 'finish' });
    const { fetch, calls } = scriptedFetch([
      () => sse(body(done, 'done'), runHeaders),
      () => sse(body(done, 'done'), runHeaders),
    ]);
    const store = newStore(fetch);
    const photo = {
      type: 'file' as const,
      mediaType: 'image/png',
      url: 'agentry-file:f1',
      filename: 'cat.png',
      size: 4,
    };
    // Files alone make a message: no empty text part is sent beside them.
    await store.send('', [photo]);
    const first = calls[0]!.body as { messages: { role: string; parts: unknown[] }[] };
    expect(first.messages.at(-1)!.parts).toEqual([
      { type: 'file', mediaType: 'image/png', url: 'agentry-file:f1', filename: 'cat.png' },
    ]);
    expect(store.getState().messages[0]!.parts).toEqual([photo]);

    await store.send('And this?');
    const second = calls[1]!.body as { messages: { role: string; parts: { type: string }[] }[] };
    // Earlier messages are history as text: the run reads the files of the message it answers.
    expect(
      second.messages.flatMap((message) => message.parts).filter((part) => part.type === 'file'),
    ).toEqual([]);
    expect(second.messages.at(-1)!.parts).toEqual([{ type: 'text', text: 'And this?' }]);
  });
});
