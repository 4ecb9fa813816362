import { embed, generateText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type FakeProvider,
  fixture,
  jsonFixture,
  startFakeProvider,
} from './__fixtures__/fake-provider-server';
import { createEmbeddingModel } from './create-embedding-model';
import { createLanguageModel } from './create-language-model';
import { streamCalculatorQuestion, streamHello } from './__fixtures__/wire-calls';

let server: FakeProvider;
afterEach(() => server.close());

describe('OpenAI over the wire (Responses API, the default of @ai-sdk/openai v4)', () => {
  it('streams text with usage, sends the key as a bearer token, and uses the base URL', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('openai-responses-text.sse') }));
    const model = createLanguageModel(
      { provider: 'openai', model: 'gpt-5-mini' },
      { apiKey: 'sk-test-openai', baseURL: `${server.url}/proxy/v1` },
    );
    const { deltas, usage } = await streamHello(model);

    expect(deltas).toEqual(['Hello', ' from', ' OpenAI']);
    expect(usage).toMatchObject({ inputTokens: 11, outputTokens: 4, totalTokens: 15 });
    const request = server.requests[0]!;
    expect(request.path).toBe('/proxy/v1/responses');
    expect(request.headers.authorization).toBe('Bearer sk-test-openai');
    expect(request.body).toMatchObject({ model: 'gpt-5-mini', stream: true });
    expect(JSON.stringify(request.body)).toContain('Say hello');
  });

  it('streams a tool call with its arguments', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('openai-responses-tool-call.sse') }));
    const model = createLanguageModel(
      { provider: 'openai', model: 'gpt-5-mini' },
      { apiKey: 'k', baseURL: `${server.url}/v1` },
    );
    const { calls, usage, finishReason } = await streamCalculatorQuestion(model);

    expect(calls.map((call) => [call.toolCallId, call.toolName, call.input])).toEqual([
      ['call_calc_1', 'calculator', { expression: '12 * 7' }],
    ]);
    expect(finishReason).toBe('tool-calls');
    expect(usage).toMatchObject({ inputTokens: 40, outputTokens: 9 });
    const body = server.requests[0]!.body as { tools: Array<{ name: string }> };
    expect(body.tools.map((offered) => offered.name)).toEqual(['calculator']);
  });

  it('generates text without streaming', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('openai-responses-text.json') }));
    const model = createLanguageModel(
      { provider: 'openai', model: 'gpt-5-mini' },
      { apiKey: 'k', baseURL: `${server.url}/v1` },
    );
    const result = await generateText({ model, prompt: 'hi' });
    expect(result.text).toBe('Hi, not streamed');
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 4 });
  });

  it('embeds text', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('openai-embeddings.json') }));
    const model = createEmbeddingModel(
      { provider: 'openai', model: 'text-embedding-3-small' },
      { apiKey: 'sk-embed', baseURL: `${server.url}/v1` },
    );
    const result = await embed({ model, value: 'a cat' });
    expect(result.embedding).toEqual([0.25, -0.5, 0.75]);
    expect(server.requests[0]).toMatchObject({
      path: '/v1/embeddings',
      body: { model: 'text-embedding-3-small', input: ['a cat'] },
    });
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-embed');
  });

  it('sends the key only to the base URL stored with the credential, not to one set in the graph', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('openai-responses-text.json') }));
    const other = await startFakeProvider(() => ({ json: jsonFixture('openai-responses-text.json') }));
    try {
      const model = createLanguageModel(
        { provider: 'openai', model: 'gpt-5-mini', baseURL: `${other.url}/v1` },
        { apiKey: 'sk-bound', baseURL: `${server.url}/v1` },
      );
      await generateText({ model, prompt: 'hi' });
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
