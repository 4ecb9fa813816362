import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../tools/guarded-fetch';
import { streamCompatibleChat } from './compatible-stream';
import { createCompatibleProvider, createLanguageModel } from './create-language-model';
import { appendToLast } from './merge-deltas';
import { resolveProviderSettings } from './provider-settings';

// Each answer is read twice from the same local server: by the provider's own stream (the AI SDK's web
// streams and zod schema) and by streamCompatibleChat. The parts must be the same.

interface Answer {
  status?: number;
  contentType?: string;
  /** Written in these pieces, each in its own socket write (or made from the request's body). */
  pieces: Array<string | Buffer> | ((body: string) => string[]);
  /** Leave the response open after the pieces. */
  hold?: boolean;
  /** Wait this long between pieces (default: one turn of the loop). */
  gapMs?: number;
}

let server: Server | undefined;
let answer: Answer;
let requests: string[] = [];
let baseURL = '';
/** For each request: whether its event stream was taken from the socket (its Response body is empty). */
let taken: boolean[] = [];

async function stop() {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  requests = [];
  taken = [];
}
afterEach(stop);

async function start(): Promise<string> {
  await stop();
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      requests.push(body);
      response.writeHead(answer.status ?? 200, {
        'content-type': answer.contentType ?? 'text/event-stream',
      });
      const pieces = typeof answer.pieces === 'function' ? answer.pieces(body) : answer.pieces;
      for (const piece of pieces) {
        response.write(piece);
        await new Promise((resolve) =>
          answer.gapMs ? setTimeout(resolve, answer.gapMs) : setImmediate(resolve),
        );
      }
      if (!answer.hold) response.end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
  return baseURL;
}

/** The model streamCompatibleChat reads directly, and the same model as the provider builds it. */
function models(baseURL: string): { direct: LanguageModelV4; sdk: LanguageModelV4 } {
  const guarded = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await guarded(input, init);
    const eventStream = response.headers.get('content-type') === 'text/event-stream';
    taken.push(eventStream && response.ok && (await response.clone().text()) === '');
    return response;
  }) as typeof globalThis.fetch;
  const settings = { provider: 'openai-compatible' as const, model: 'fake' };
  const credential = { apiKey: 'key', baseURL };
  return {
    direct: createLanguageModel(settings, credential, { fetch }),
    sdk: createCompatibleProvider(resolveProviderSettings(settings, credential), { fetch }).chatModel('fake'),
  };
}

const call: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
  temperature: 0.2,
};

/**
 * Parts with errors as their class (the provider's messages quote zod's), and the deltas of one text
 * that follow each other joined (the direct reading joins those that arrive in one read).
 */
function comparable(parts: LanguageModelV4StreamPart[]): unknown[] {
  const joined: LanguageModelV4StreamPart[] = [];
  for (const part of parts) if (!appendToLast(joined, part)) joined.push(part);
  return joined.map((part) => {
    if (part.type !== 'error') return part;
    const error = part.error as { name?: string; message?: string };
    return { type: 'error', error: error instanceof Error ? error.name : `object: ${error.message}` };
  });
}

async function read(
  model: LanguageModelV4,
  read: (model: LanguageModelV4) => PromiseLike<{ stream: ReadableStream<LanguageModelV4StreamPart> }>,
) {
  const { stream } = await read(model);
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream as unknown as AsyncIterable<LanguageModelV4StreamPart>) parts.push(part);
  return parts;
}

/** Reads `sse` both ways and returns the direct reading's parts after checking they are the same. */
async function both(pieces: string[], options: LanguageModelV4CallOptions = call) {
  answer = { pieces };
  const { direct, sdk } = models(await start());
  const expected = await read(sdk, (model) => model.doStream(options));
  const actual = await read(direct, (model) => streamCompatibleChat(model, options));
  expect(comparable(actual)).toEqual(comparable(expected));
  expect(requests[1]).toBe(requests[0]);
  // (An empty answer reads the same either way.)
  if (pieces.length > 0) expect(taken).toEqual([false, true]);
  return actual;
}

const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (delta: unknown, finish: string | null = null, extra: object = {}) =>
  event({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_765_000_000,
    model: 'fake-1',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  });
const usage = (extra: object = {}) =>
  event({
    id: 'chatcmpl-1',
    choices: [],
    usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, ...extra },
  });

describe('streamCompatibleChat reads an OpenAI-compatible answer as the provider does', () => {
  it('text, finish and usage, split at every place a socket could split them', async () => {
    const sse = [
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo, ' }),
      chunk({ content: 'wörld 👋' }),
      chunk({}, 'stop'),
      usage(),
      'data: [DONE]\n\n',
    ].join('');
    const parts = await both([sse]);
    // Arriving in one read, the deltas go on as one.
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'Hello, wörld 👋',
    ]);
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 12 }, outputTokens: { total: 5 } },
    });
    // Bytes cut inside events, inside a line break and inside a multi-byte character.
    const bytes = Buffer.from(sse);
    const { direct } = models(baseURL);
    for (const size of [1, 3, 7, 64]) {
      const pieces: Buffer[] = [];
      for (let at = 0; at < bytes.length; at += size) pieces.push(bytes.subarray(at, at + size));
      answer = { pieces };
      const split = await read(direct, (model) => streamCompatibleChat(model, call));
      expect(comparable(split)).toEqual(comparable(parts));
      expect(taken.at(-1)).toBe(true);
    }
  });

  it('passes on words that arrive apart one by one', async () => {
    answer = {
      pieces: [chunk({ content: 'One' }), chunk({ content: ' two' }), chunk({ content: ' three' }, 'stop')],
      gapMs: 30,
    };
    const { direct } = models(await start());
    const parts = await read(direct, (model) => streamCompatibleChat(model, call));
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual([
      'One',
      ' two',
      ' three',
    ]);
  });

  it('reasoning before text, from reasoning_content, reasoning and thinking parts', async () => {
    await both([
      chunk({ role: 'assistant', reasoning_content: 'Think' }),
      chunk({ reasoning: 'ing.' }),
      chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: ' More.' }] }] }),
      chunk({ content: [{ type: 'text', text: 'Answer' }, { type: 'image' }] }),
      chunk({ reasoning_content: 'Again.' }),
      chunk({ content: 'Done' }, 'length'),
      usage({
        completion_tokens_details: {
          reasoning_tokens: 3,
          accepted_prediction_tokens: 1,
          rejected_prediction_tokens: 2,
        },
        prompt_tokens_details: { cached_tokens: 4 },
      }),
    ]);
  });

  it('a refusal, unusual finish reasons and response metadata without a timestamp', async () => {
    await both([
      event({ id: 'r1', created: 0, model: null, choices: [{ delta: { refusal: 'I cannot.' } }] }),
      chunk({ refusal: 42 }, 'stop'),
      'data: [DONE]\n\n',
    ]);
    await both([chunk({ content: 'x' }, 'content_filter')]);
    await both([chunk({ content: 'x' }, 'something-new')]);
    await both([chunk({ content: 'x' }, 'tool_calls')]);
  });

  it('events as an SSE server may write them: CRLF, comments, other fields, a BOM, multi-line data', async () => {
    await both([
      '\uFEFF: keep-alive\r\n\r\n',
      'event: message\r\nid: 1\r\nretry: 10\r\n',
      `data: ${JSON.stringify({ choices: [{ delta: { content: 'a' } }] })}\r\n\r\n`,
      `data: {"choices": [{"delta":\ndata: {"content": "b"}}]}\n\n`,
      `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] })}\r\r`,
      // No blank line after it: not an event, for either reader.
      `data: ${JSON.stringify({ choices: [{ delta: { content: 'lost' } }] })}\n`,
    ]);
  });

  it('errors in the stream: an error event, JSON that does not parse, a chunk of the wrong shape', async () => {
    await both([
      chunk({ content: 'Hi' }),
      event({ error: { message: 'Overloaded', type: 'server_error', code: 529 } }),
      chunk({ content: ' again' }, 'stop'),
    ]);
    await both([chunk({ content: 'Hi' }), 'data: {"choices": [\n\n', chunk({}, 'stop')]);
    await both([
      event({ choices: 'none' }),
      event({ choices: [{ delta: { role: 'user' } }] }),
      chunk({}, 'stop'),
    ]);
    await both([event({ id: 7, choices: [] }), event({ error: { message: 3 } }), chunk({}, 'stop')]);
    await both([event({ choices: [], usage: { prompt_tokens: '12' } })]);
    await both([event({ choices: [{ delta: { content: 'x' } }], error: { message: 'late' } })]);
    await both([event(null), event([1]), event('text')]);
  });

  it('a stream that ends without a finish reason, or without any event', async () => {
    await both([chunk({ content: 'cut' })]);
    await both([]);
  });

  it('leaves answers that are not a successful event stream to the provider', async () => {
    answer = {
      status: 429,
      contentType: 'application/json',
      pieces: [JSON.stringify({ error: { message: 'Slow down', type: 'rate_limit' } })],
    };
    const { direct, sdk } = models(await start());
    const expected = await sdk.doStream(call).then(
      () => 'resolved',
      (error: { name: string; statusCode: number; message: string }) => [
        error.name,
        error.statusCode,
        error.message,
      ],
    );
    const actual = await streamCompatibleChat(direct, call).then(
      () => 'resolved',
      (error: { name: string; statusCode: number; message: string }) => [
        error.name,
        error.statusCode,
        error.message,
      ],
    );
    expect(actual).toEqual(expected);
    expect(actual).toEqual(['AI_APICallError', 429, 'Slow down']);

    // A 200 that is not an event stream: the provider reads it (and reports what it makes of it).
    answer = { contentType: 'application/json', pieces: [chunk({ content: 'x' }, 'stop')] };
    expect(comparable(await read(direct, (model) => streamCompatibleChat(model, call)))).toEqual(
      comparable(await read(sdk, (model) => model.doStream(call))),
    );
  });

  it('leaves calls with tools, raw chunks or another model to the provider', async () => {
    answer = { pieces: [chunk({ content: 'x' }, 'stop')] };
    const { direct } = models(await start());
    const tools: LanguageModelV4CallOptions['tools'] = [
      { type: 'function', name: 'add', inputSchema: { type: 'object', properties: {} } },
    ];
    for (const options of [
      { ...call, tools },
      { ...call, includeRawChunks: true },
    ]) {
      const parts = await read(direct, (model) => streamCompatibleChat(model, options));
      expect(parts.map((part) => part.type)).toContain('text-delta');
    }
    expect(taken).toEqual([false, false]);
    const raw = await read(direct, (model) =>
      streamCompatibleChat(model, { ...call, includeRawChunks: true }),
    );
    expect(raw.some((part) => part.type === 'raw')).toBe(true);
    // Without the guarded fetch (the CLI's own fetch, say) nothing is taken from the socket.
    const plain = createLanguageModel({ provider: 'openai-compatible', model: 'fake' }, { baseURL });
    expect((await read(plain, (model) => streamCompatibleChat(model, call))).at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'stop' },
    });
  });

  it('gives each of several calls made at once with one signal its own answer', async () => {
    answer = {
      pieces: (body) => {
        const question = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages[0]!.content;
        return [chunk({ content: `Answer to ${question}` }), chunk({}, 'stop')];
      },
    };
    const { direct } = models(await start());
    const signal = new AbortController().signal;
    const ask = (text: string) =>
      read(direct, (model) =>
        streamCompatibleChat(model, {
          prompt: [{ role: 'user', content: [{ type: 'text', text }] }],
          abortSignal: signal,
        }),
      );
    const answers = await Promise.all(['one', 'two', 'three'].map(ask));
    expect(answers.map((parts) => parts.find((part) => part.type === 'text-delta'))).toEqual([
      { type: 'text-delta', id: 'txt-0', delta: 'Answer to one' },
      { type: 'text-delta', id: 'txt-0', delta: 'Answer to two' },
      { type: 'text-delta', id: 'txt-0', delta: 'Answer to three' },
    ]);
    expect(taken).toEqual([true, true, true]);
  });

  it('ends the stream with an error when the call is aborted or the provider goes away', async () => {
    answer = { pieces: [chunk({ content: 'Hi' })], hold: true };
    const { direct } = models(await start());
    const controller = new AbortController();
    const { stream } = await streamCompatibleChat(direct, { ...call, abortSignal: controller.signal });
    const reader = stream.getReader();
    const seen: string[] = [];
    let next = await reader.read();
    while (!next.done && next.value.type !== 'text-delta') {
      seen.push(next.value.type);
      next = await reader.read();
    }
    expect(next.value).toMatchObject({ type: 'text-delta', delta: 'Hi' });
    controller.abort();
    await expect(reader.read()).rejects.toThrow();

    const again = await streamCompatibleChat(direct, call);
    const secondReader = again.stream.getReader();
    while ((await secondReader.read()).value?.type !== 'text-delta') {}
    server!.closeAllConnections();
    await expect(secondReader.read()).rejects.toThrow();
  });
});
