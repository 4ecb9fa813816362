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

describe('Google Gemini over the wire (generateContent / streamGenerateContent)', () => {
  it('streams text with usage, sends the key in x-goog-api-key, and uses the base URL', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('google-stream-text.sse') }));
    const model = createLanguageModel(
      { provider: 'google', model: 'gemini-2.5-flash' },
      { apiKey: 'google-test-key', baseURL: `${server.url}/gemini/v1beta` },
    );
    const { deltas, usage } = await streamHello(model);

    expect(deltas).toEqual(['Hello', ' from', ' Gemini']);
    expect(usage).toMatchObject({ inputTokens: 9, outputTokens: 3, totalTokens: 12 });
    const request = server.requests[0]!;
    expect(request.path).toBe('/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(request.headers['x-goog-api-key']).toBe('google-test-key');
    expect(request.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
    });
  });

  it('streams a function call', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('google-stream-function-call.sse') }));
    const model = createLanguageModel(
      { provider: 'google', model: 'gemini-2.5-flash' },
      { apiKey: 'k', baseURL: `${server.url}/v1beta` },
    );
    const { calls, usage, finishReason } = await streamCalculatorQuestion(model);

    expect(calls.map((call) => [call.toolName, call.input])).toEqual([
      ['calculator', { expression: '12 * 7' }],
    ]);
    expect(finishReason).toBe('tool-calls');
    expect(usage).toMatchObject({ inputTokens: 31, outputTokens: 6 });
    const body = server.requests[0]!.body as {
      tools: Array<{ functionDeclarations: Array<{ name: string }> }>;
    };
    expect(body.tools[0]?.functionDeclarations.map((declaration) => declaration.name)).toEqual([
      'calculator',
    ]);
  });

  it('generates text without streaming', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('google-generate-content.json') }));
    const model = createLanguageModel(
      { provider: 'google', model: 'gemini-2.5-flash' },
      { apiKey: 'k', baseURL: `${server.url}/v1beta` },
    );
    const result = await generateText({ model, prompt: 'hi' });
    expect(result.text).toBe('Hi, not streamed');
    expect(server.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('embeds text', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('google-embed-content.json') }));
    const model = createEmbeddingModel(
      { provider: 'google', model: 'gemini-embedding-001' },
      { apiKey: 'k', baseURL: `${server.url}/v1beta` },
    );
    const result = await embed({ model, value: 'a cat' });
    expect(result.embedding).toEqual([0.25, -0.5, 0.75]);
    expect(server.requests[0]!.path).toBe('/v1beta/models/gemini-embedding-001:embedContent');
  });
});
