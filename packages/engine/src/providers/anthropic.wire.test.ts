import { generateText, streamText } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { calculatorTool as calculator } from './__fixtures__/calculator-tool';
import {
  type FakeProvider,
  fixture,
  jsonFixture,
  startFakeProvider,
} from './__fixtures__/fake-provider-server';
import { createLanguageModel } from './create-language-model';
import { streamHello } from './__fixtures__/wire-calls';

let server: FakeProvider;
afterEach(() => server.close());

describe('Anthropic over the wire (Messages API)', () => {
  it('streams text with usage, sends the key in x-api-key, and uses the base URL', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('anthropic-messages-text.sse') }));
    const model = createLanguageModel(
      { provider: 'anthropic', model: 'claude-haiku-4-5' },
      { apiKey: 'sk-ant-test', baseURL: `${server.url}/anthropic/v1` },
    );
    const { deltas, usage, finishReason } = await streamHello(model);

    expect(deltas).toEqual(['Hello', ' from', ' Claude']);
    expect(usage).toMatchObject({ inputTokens: 13, outputTokens: 6 });
    expect(finishReason).toBe('stop');
    const request = server.requests[0]!;
    expect(request.path).toBe('/anthropic/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers['anthropic-version']).toBeDefined();
    expect(request.body).toMatchObject({
      model: 'claude-haiku-4-5',
      stream: true,
      system: [{ type: 'text', text: 'Be brief.' }],
    });
  });

  it('streams text followed by a tool call', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('anthropic-messages-tool-use.sse') }));
    const model = createLanguageModel(
      { provider: 'anthropic', model: 'claude-haiku-4-5' },
      { apiKey: 'k', baseURL: `${server.url}/v1` },
    );
    const result = streamText({ model, prompt: 'What is 12 * 7?', tools: { calculator } });

    expect(await result.text).toBe('Let me calculate.');
    expect((await result.toolCalls).map((call) => [call.toolCallId, call.toolName, call.input])).toEqual([
      ['toolu_calc_1', 'calculator', { expression: '12 * 7' }],
    ]);
    expect(await result.finishReason).toBe('tool-calls');
    expect(await result.usage).toMatchObject({ inputTokens: 52, outputTokens: 24 });
    const body = server.requests[0]!.body as { tools: Array<{ name: string }> };
    expect(body.tools.map((offered) => offered.name)).toEqual(['calculator']);
  });

  it('generates text without streaming', async () => {
    server = await startFakeProvider(() => ({ json: jsonFixture('anthropic-messages-text.json') }));
    const model = createLanguageModel(
      { provider: 'anthropic', model: 'claude-haiku-4-5' },
      { apiKey: 'k', baseURL: `${server.url}/v1` },
    );
    const result = await generateText({ model, prompt: 'hi' });
    expect(result.text).toBe('Hi, not streamed');
    expect(result.usage).toMatchObject({ inputTokens: 7, outputTokens: 4 });
  });
});
