import type { ServerResponse } from 'node:http';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeProvider,
  type FakeReply,
  fixture,
  startFakeProvider,
} from './__fixtures__/fake-provider-server';
import { createLanguageModel } from './create-language-model';
import type { ProviderId } from './provider-catalog';
import { describeProviderError, isTransientProviderError } from './provider-errors';

let server: FakeProvider | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelAnswering(provider: ProviderId, reply: () => FakeReply): Promise<LanguageModelV4> {
  server = await startFakeProvider(reply);
  const base =
    provider === 'google' ? `${server.url}/v1beta` : provider === 'ollama' ? server.url : `${server.url}/v1`;
  return createLanguageModel({ provider, model: 'test-model' }, { apiKey: 'test-key', baseURL: base });
}

/** Streams until the first error, as the engine does: an `error` part, or a throw from the stream. */
async function streamFailure(
  model: LanguageModelV4,
  abortSignal?: AbortSignal,
): Promise<{ error: unknown; text: string }> {
  const result = streamText({ model, prompt: 'hi', maxRetries: 0, abortSignal, onError: () => undefined });
  let text = '';
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'error') return { error: part.error, text };
      if (part.type === 'text-delta') text += part.text;
    }
  } catch (error) {
    return { error, text };
  }
  throw new Error('expected the stream to fail');
}

function breakAfterFirstEvent(sse: string) {
  return (response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(`${sse.split('\n\n')[0]}\n\n`);
    setTimeout(() => response.destroy(), 20);
  };
}

describe('provider failures over the wire', () => {
  it('401 from OpenAI: unauthorized, not transient, names the provider', async () => {
    const model = await modelAnswering('openai', () => ({
      status: 401,
      json: {
        error: {
          message: 'Incorrect API key provided: te***ey.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'openai')).toEqual({
      code: 'unauthorized',
      status: 401,
      message: 'OpenAI rejected the API key (401). Check the credential.',
    });
    expect(isTransientProviderError(error)).toBe(false);
  });

  it("404 for an unknown Ollama model: model_not_found with Ollama's own words", async () => {
    const model = await modelAnswering('ollama', () => ({
      status: 404,
      json: { error: 'model "test-model" not found, try pulling it first' },
    }));
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((caught) => caught);
    const described = describeProviderError(error, 'ollama');
    expect(described.code).toBe('model_not_found');
    expect(described.status).toBe(404);
    expect(described.message).toContain('Ollama said: model "test-model" not found, try pulling it first');
    expect(isTransientProviderError(error)).toBe(false);
  });

  it('429 from Anthropic: rate_limited, transient, passes on retry-after', async () => {
    const model = await modelAnswering('anthropic', () => ({
      status: 429,
      headers: { 'retry-after': '7' },
      json: {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit.' },
      },
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'anthropic')).toEqual({
      code: 'rate_limited',
      status: 429,
      message: 'Anthropic is rate limiting requests (429). It asked to wait 7 s.',
    });
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('500 from Google, also after the AI SDK gave up retrying: server_error, transient', async () => {
    const model = await modelAnswering('google', () => ({
      status: 500,
      json: { error: { code: 500, message: 'Internal error', status: 'INTERNAL' } },
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'google')).toMatchObject({ code: 'server_error', status: 500 });
    expect(isTransientProviderError(error)).toBe(true);
    const retried = await generateText({ model, prompt: 'hi', maxRetries: 1 }).catch((caught) => caught);
    expect(retried.name).toBe('AI_RetryError');
    expect(describeProviderError(retried, 'google').code).toBe('server_error');
    expect(isTransientProviderError(retried)).toBe(true);
    expect(server!.requests).toHaveLength(3);
  });

  it('529 overloaded from Anthropic: server_error, transient', async () => {
    const model = await modelAnswering('anthropic', () => ({
      status: 529,
      json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'anthropic')).toMatchObject({ code: 'server_error', status: 529 });
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('a stream that breaks mid-way: network, transient, after the first text arrived', async () => {
    const model = await modelAnswering('ollama', () => ({
      raw: breakAfterFirstEvent(fixture('ollama-chat-text.sse')),
    }));
    const { error, text } = await streamFailure(model);
    expect(text).toBe('Hello');
    expect(describeProviderError(error, 'ollama').code).toBe('network');
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('an OpenAI stream that breaks mid-way is classified the same way', async () => {
    const model = await modelAnswering('openai', () => ({
      raw: breakAfterFirstEvent(fixture('openai-responses-text.sse')),
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'openai').code).toBe('network');
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('malformed SSE data: bad_response, not transient', async () => {
    const model = await modelAnswering('openai-compatible', () => ({
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(
          'data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n',
        );
        response.end('data: {not json\n\n');
      },
    }));
    const { error } = await streamFailure(model);
    expect(describeProviderError(error, 'openai-compatible')).toMatchObject({ code: 'bad_response' });
    expect(describeProviderError(error, 'openai-compatible').message).toContain('could not read');
    expect(isTransientProviderError(error)).toBe(false);
  });

  it('a base URL that answers HTML instead of JSON: bad_response', async () => {
    const model = await modelAnswering('openai-compatible', () => ({
      raw: (response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html><body>Welcome to nginx</body></html>');
      },
    }));
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((caught) => caught);
    expect(describeProviderError(error).code).toBe('bad_response');
  });

  it('a refused connection: network, transient, with a hint', async () => {
    const model = await modelAnswering('ollama', () => ({ json: {} }));
    await server!.close();
    server = undefined;
    const error = await generateText({ model, prompt: 'hi', maxRetries: 0 }).catch((caught) => caught);
    const described = describeProviderError(error, 'ollama');
    expect(described.code).toBe('network');
    expect(described.message).toContain('connection refused');
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('a provider that never answers within the timeout: timeout, transient', async () => {
    const model = await modelAnswering('openai', () => ({ raw: () => undefined }));
    const error = await generateText({
      model,
      prompt: 'hi',
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(100),
    }).catch((caught) => caught);
    expect(describeProviderError(error, 'openai').code).toBe('timeout');
    expect(isTransientProviderError(error)).toBe(true);
  });
});
