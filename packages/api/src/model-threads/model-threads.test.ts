import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EngineError, ProviderConfigError } from '@agentry/engine';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildThreadBundle } from '../thread-bundles.testing';
import { createModelThreads, type ModelThreads } from './model-threads';

/** A loopback OpenAI-compatible server: `/v1/chat/completions` streams words; some paths misbehave. */
function fakeProvider(): Promise<{
  url: string;
  server: Server;
  closed: () => number;
  requests: () => number;
}> {
  let closedStreams = 0;
  let requests = 0;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests += 1;
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      const { model, stream } = JSON.parse(body) as { model: string; stream?: boolean };
      if (request.headers.authorization !== 'Bearer good-key') {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
        return;
      }
      if (!stream) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'c',
            object: 'chat.completion',
            created: 1,
            model,
            choices: [
              { index: 0, message: { role: 'assistant', content: 'w0 w1 w2 ' }, finish_reason: 'stop' },
            ],
            usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.on('close', () => (closedStreams += 1));
      const chunk = (choices: unknown[], extra = {}) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices, ...extra })}\n\n`;
      const words = model === 'slow' ? 200 : 3;
      for (let index = 0; index < words && !response.destroyed; index++) {
        response.write(chunk([{ index: 0, delta: { content: `w${index} ` }, finish_reason: null }]));
        if (model === 'slow') await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (model === 'broken') {
        response.end('data: {not json\n\n');
        return;
      }
      response.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
      response.write(chunk([], { usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }));
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        server,
        closed: () => closedStreams,
        requests: () => requests,
      }),
    ),
  );
}

// The same behaviour from the TypeScript source (tests, CLI, dev) and from the bundle a production
// server loads without tsx.
describe.each([
  ['source, through tsx', () => undefined],
  ['production bundle', () => buildThreadBundle('model-thread')],
])('model threads (%s)', (_, bundle) => {
  let provider: Awaited<ReturnType<typeof fakeProvider>>;
  let threads: ModelThreads;
  // The fake provider listens on loopback: the admin allowed that host, as AGENTRY_ALLOW_PRIVATE_HOSTS does.
  const trustLoopback = { allowPrivateHosts: ['127.0.0.1'] };
  const model = (name: string, apiKey = 'good-key') =>
    threads.languageModel(
      { provider: 'openai-compatible', model: name },
      { apiKey, baseURL: provider.url },
      trustLoopback,
    );

  let built: ReturnType<typeof buildThreadBundle> | undefined;

  beforeAll(async () => {
    provider = await fakeProvider();
    built = bundle();
    threads = createModelThreads({ size: 1, script: built?.script });
  }, 60_000);
  afterAll(async () => {
    await threads.close();
    provider.server.close();
    built?.remove();
  });

  it('streams a provider answer made on the thread, with usage, through streamText', async () => {
    const result = streamText({ model: model('fast'), prompt: 'Hello', maxRetries: 0 });
    const deltas: string[] = [];
    for await (const part of result.stream) if (part.type === 'text-delta') deltas.push(part.text);
    // Words that arrive in one turn of the thread's loop may cross as one delta (merge-deltas.ts).
    expect(deltas.join('')).toBe('w0 w1 w2 ');
    expect(await result.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
    expect(await result.finishReason).toBe('stop');
  });

  it('answers a whole (non-streamed) completion on the thread through generateText', async () => {
    const result = await generateText({ model: model('fast'), prompt: 'Hello', maxRetries: 0 });
    expect(result.text).toBe('w0 w1 w2 ');
  });

  it('reports a refused key as the engine explains it, not as a lost thread', async () => {
    const failure = await Promise.resolve(
      model('fast', 'bad-key').doStream({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineError);
    expect((failure as EngineError).code).toBe('provider_auth');
  });

  it('reports a stream that breaks off mid-answer as an error part after the text so far', async () => {
    const { stream } = await model('broken').doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const parts: { type: string; error?: unknown; delta?: string }[] = [];
    for await (const part of stream) parts.push(part);
    const text = parts.flatMap((part) =>
      part.type === 'text-delta' ? [(part as { delta: string }).delta] : [],
    );
    expect(text.join('')).toBe('w0 w1 w2 ');
    expect(parts.findIndex((part) => part.type === 'error')).toBeGreaterThan(
      parts.findLastIndex((part) => part.type === 'text-delta'),
    );
    const error = parts.find((part) => part.type === 'error')?.error;
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('provider_error');
  });

  it('keeps words that arrive apart as deltas of their own (streaming is not held back)', async () => {
    const controller = new AbortController();
    const { stream } = await model('slow').doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      abortSignal: controller.signal,
    });
    const deltas: string[] = [];
    for await (const part of stream) {
      if (part.type === 'text-delta') deltas.push(part.delta);
      if (deltas.length === 3) break;
    }
    controller.abort();
    expect(deltas).toEqual(['w0 ', 'w1 ', 'w2 ']);
  });

  it('aborting the call closes the provider connection', async () => {
    const controller = new AbortController();
    const closedBefore = provider.closed();
    const { stream } = await model('slow').doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    await reader.read();
    controller.abort(new Error('stopped by the user'));
    await expect(reader.read()).rejects.toThrow('stopped by the user');
    const deadline = Date.now() + 5_000;
    while (provider.closed() === closedBefore && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(provider.closed()).toBe(closedBefore + 1);
  });

  it('refuses a base URL on loopback or the metadata address unless the admin allowed its host', async () => {
    const requestsBefore = provider.requests();
    for (const baseURL of [provider.url, 'http://169.254.169.254/v1']) {
      const refused = threads.languageModel(
        { provider: 'openai-compatible', model: 'fast' },
        { apiKey: 'good-key', baseURL },
      );
      const error = await generateText({ model: refused, prompt: 'hi', maxRetries: 0 }).catch(
        (caught: unknown) => caught,
      );
      expect((error as Error).message).toMatch(/Refused to connect to .*AGENTRY_ALLOW_PRIVATE_HOSTS/);
    }
    expect(provider.requests()).toBe(requestsBefore);
  });

  it('checks settings here (a missing base URL fails at once) and keeps the offline model in-process', () => {
    expect(() => threads.languageModel({ provider: 'openai-compatible', model: 'x' }, {})).toThrow(
      ProviderConfigError,
    );
    expect(threads.languageModel({ provider: 'offline', model: '' }).provider).toBe('agentry');
  });

  it('fails calls in flight when the threads stop, instead of leaving them waiting', async () => {
    const own = createModelThreads({ size: 1 });
    const slow = own.languageModel(
      { provider: 'openai-compatible', model: 'slow' },
      { apiKey: 'good-key', baseURL: provider.url },
      { allowPrivateHosts: ['127.0.0.1'] },
    );
    const { stream } = await slow.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
    const reader = stream.getReader();
    await reader.read();
    await own.close();
    const failure = await reader.read().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EngineError);
    expect((failure as EngineError).code).toBe('provider_unavailable');
  });
});
