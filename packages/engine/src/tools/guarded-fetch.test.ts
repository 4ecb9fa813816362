import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeProvider,
  fixture,
  startFakeProvider,
} from '../providers/__fixtures__/fake-provider-server';
import { createLanguageModel } from '../providers/create-language-model';
import { describeProviderError } from '../providers/provider-errors';
import { createGuardedFetch, OutboundAddressError } from './guarded-fetch';

let server: FakeProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const chatReply = {
  json: {
    id: 'c1',
    object: 'chat.completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  },
};

describe('createGuardedFetch', () => {
  it('refuses loopback and the metadata address before connecting', async () => {
    server = await startFakeProvider(() => ({ json: {} }));
    const guarded = createGuardedFetch();
    await expect(guarded(`${server.url}/v1/models`)).rejects.toBeInstanceOf(OutboundAddressError);
    await expect(guarded('http://localhost:1/')).rejects.toThrow(/AGENTRY_ALLOW_PRIVATE_HOSTS/);
    await expect(guarded('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(
      /cloud metadata service/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('never names what a host name resolved to', async () => {
    const guarded = createGuardedFetch({
      lookup: async () => [{ address: '10.1.2.3', family: 4 }],
    });
    const error = await guarded('https://models.internal.example/v1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutboundAddressError);
    expect((error as Error).message).toContain('models.internal.example');
    expect((error as Error).message).not.toContain('10.1.2.3');
  });

  it('reaches a host the admin allowed, and streams the body as it arrives', async () => {
    let finish = () => {};
    server = await startFakeProvider(() => ({
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.write('first ');
        finish = () => response.end('last');
      },
    }));
    const guarded = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    const response = await guarded(`${server.url}/stream`, { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    // The first chunk arrives while the server still holds the response open: nothing is buffered.
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first ');
    finish();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      rest += new TextDecoder().decode(part.value);
    }
    expect(rest).toBe('last');
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/stream', body: { a: 1 } });
  });

  it("closes the connection when the caller's signal aborts, also after a garbage collection", async () => {
    // A Request's own signal follows the caller's through a weak reference: once the Request was
    // collected, aborting the caller's signal used to leave the provider's connection open.
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    let closed = 0;
    server = await startFakeProvider(() => ({
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: {}\n\n');
        response.on('close', () => (closed += 1));
      },
    }));
    const guarded = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
    for (const input of ['string', 'request'] as const) {
      const caller = new AbortController();
      const url = `${server.url}/v1/chat/completions`;
      const init = { method: 'POST', body: '{}', signal: caller.signal };
      const response = await (input === 'string'
        ? guarded(url, init)
        : guarded(new Request(url, { ...init, duplex: 'half' } as RequestInit)));
      await response.body!.getReader().read();
      for (let round = 0; round < 3; round++) {
        collect();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const before = closed;
      caller.abort();
      await expect.poll(() => closed, { timeout: 2_000 }).toBe(before + 1);
    }
  });

  it('checks every redirect hop and drops keys when a redirect leaves the origin', async () => {
    const target = await startFakeProvider(() => ({ json: { ok: true } }));
    const port = new URL(target.url).port;
    server = await startFakeProvider(() => ({
      raw: (response) => {
        response.writeHead(307, { location: `http://localhost:${port}/landed` });
        response.end();
      },
    }));
    try {
      const onlyFirst = createGuardedFetch({ allowHosts: ['127.0.0.1'] });
      await expect(
        onlyFirst(`${server.url}/go`, { headers: { authorization: 'Bearer k' } }),
      ).rejects.toBeInstanceOf(OutboundAddressError);
      expect(target.requests).toHaveLength(0);

      const both = createGuardedFetch({ allowHosts: ['127.0.0.1', 'localhost'] });
      const response = await both(`${server.url}/go`, {
        headers: { authorization: 'Bearer k', 'x-api-key': 'k' },
      });
      expect(await response.json()).toEqual({ ok: true });
      expect(target.requests[0]!.headers.authorization).toBeUndefined();
      expect(target.requests[0]!.headers['x-api-key']).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});

describe('model calls through the guarded fetch', () => {
  it('refuses a model base URL on loopback with a clear message, and reaches it once allowed', async () => {
    server = await startFakeProvider(() => chatReply);
    const settings = { provider: 'openai-compatible' as const, model: 'm' };
    const credential = { baseURL: `${server.url}/v1` };

    const refused = createLanguageModel(settings, credential, { fetch: createGuardedFetch() });
    const error = await generateText({ model: refused, prompt: 'hi', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    const described = describeProviderError(error, 'openai-compatible');
    expect(described.message).toMatch(/Refused to connect to 127\.0\.0\.1: .*loopback/);
    expect(described.message).toContain('AGENTRY_ALLOW_PRIVATE_HOSTS');
    expect(server.requests).toHaveLength(0);

    const allowed = createLanguageModel(settings, credential, {
      fetch: createGuardedFetch({ allowHosts: ['127.0.0.1'] }),
    });
    const result = await generateText({ model: allowed, prompt: 'hi', maxRetries: 0 });
    expect(result.text).toBe('OK');
  });

  it('refuses the metadata address as a model base URL', async () => {
    const model = createLanguageModel(
      { provider: 'ollama', model: 'llama3.2' },
      { baseURL: 'http://169.254.169.254' },
      { fetch: createGuardedFetch() },
    );
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(describeProviderError(error, 'ollama').message).toMatch(/169\.254\.169\.254.*metadata/);
  });

  it('streams a model answer through an allowed host', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-text.sse') }));
    const model = createLanguageModel(
      { provider: 'ollama', model: 'llama3.2', baseURL: server.url },
      undefined,
      { fetch: createGuardedFetch({ allowHosts: ['127.0.0.1'] }) },
    );
    const deltas: string[] = [];
    for await (const delta of streamText({ model, prompt: 'hi' }).textStream) deltas.push(delta);
    expect(deltas).toEqual(['Hello', ' from', ' Ollama']);
  });
});
