import { embed, generateText, streamText } from 'ai';
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

describe('Ollama and OpenAI-compatible servers over the wire (chat completions)', () => {
  it('streams text from Ollama at <base>/v1 with usage and no key', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-text.sse') }));
    const model = createLanguageModel({ provider: 'ollama', model: 'llama3.2', baseURL: server.url });
    const { deltas, usage } = await streamHello(model);

    expect(deltas).toEqual(['Hello', ' from', ' Ollama']);
    expect(usage).toMatchObject({ inputTokens: 26, outputTokens: 3, totalTokens: 29 });
    const request = server.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toMatchObject({
      model: 'llama3.2',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });
  });

  it('does not add /v1 twice when the Ollama base URL already ends with it', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-text.sse') }));
    const model = createLanguageModel({
      provider: 'ollama',
      model: 'llama3.2',
      baseURL: `${server.url}/v1/`,
    });
    await streamText({ model, prompt: 'hi' }).text;
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
  });

  it('streams a tool call from a compatible server, sending its key', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-tool-call.sse') }));
    const model = createLanguageModel(
      { provider: 'openai-compatible', model: 'llama3.2' },
      { apiKey: 'vllm-key', baseURL: `${server.url}/openai/v1` },
    );
    const { calls, usage, finishReason } = await streamCalculatorQuestion(model);

    expect(calls.map((call) => [call.toolCallId, call.toolName, call.input])).toEqual([
      ['call_ollama_1', 'calculator', { expression: '12 * 7' }],
    ]);
    expect(finishReason).toBe('tool-calls');
    expect(usage).toMatchObject({ inputTokens: 88, outputTokens: 12 });
    expect(server.requests[0]!.path).toBe('/openai/v1/chat/completions');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer vllm-key');
  });

  it('generates text without streaming (LM Studio style base URL from the graph)', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('openai-compatible-chat.json') }));
    const model = createLanguageModel({
      provider: 'openai-compatible',
      model: 'qwen2.5-7b-instruct',
      baseURL: `${server.url}/v1`,
    });
    const result = await generateText({ model, prompt: 'hi' });
    expect(result.text).toBe('Hi, not streamed');
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 4 });
  });

  it('embeds text through Ollama', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('openai-embeddings.json') }));
    const model = createEmbeddingModel({
      provider: 'ollama',
      model: 'nomic-embed-text',
      baseURL: server.url,
    });
    const result = await embed({ model, value: 'a cat' });
    expect(result.embedding).toEqual([0.25, -0.5, 0.75]);
    expect(server.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'nomic-embed-text' } });
  });
});
