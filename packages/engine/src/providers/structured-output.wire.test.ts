import { afterEach, describe, expect, it } from 'vitest';
import { edge, node } from '../testing/graph-builders';
import { mockContext, runToEnd } from '../testing/run-helpers';
import { type FakeProvider, fixture, startFakeProvider } from './__fixtures__/fake-provider-server';
import { createLanguageModel } from './create-language-model';

let server: FakeProvider;
afterEach(() => server.close());

const SCHEMA = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['question', 'refund'] },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['category', 'confidence'],
  additionalProperties: false,
};

const graph = {
  version: 1,
  nodes: [
    node('in', 'chat-input'),
    node('triage', 'model', {
      provider: 'openai-compatible',
      model: 'qwen',
      output: { type: 'json', name: 'triage', schema: SCHEMA },
    }),
    node('reply', 'prompt', { template: 'Category: {{answer.category}} ({{answer.confidence}})' }),
    node('out', 'chat-output'),
  ],
  edges: [
    edge('in', 'message', 'triage', 'prompt'),
    edge('triage', 'text', 'reply', 'answer'),
    edge('reply', 'text', 'out', 'text'),
  ],
};

describe('structured output over the wire (OpenAI-compatible chat completions)', () => {
  it('sends the JSON schema as response_format and parses the streamed object', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('openai-compatible-chat-json.sse') }));
    const model = createLanguageModel(
      { provider: 'openai-compatible', model: 'qwen2.5-7b-instruct' },
      { baseURL: `${server.url}/v1` },
    );
    const run = await runToEnd(graph, mockContext({ qwen: model }), 'My kettle broke, money back please');

    expect(run.status).toBe('done');
    expect(run.answer).toBe('Category: refund (0.9)');
    expect(server.requests[0]!.body).toMatchObject({
      model: 'qwen2.5-7b-instruct',
      stream: true,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'triage', schema: SCHEMA, strict: true },
      },
      messages: [{ role: 'user', content: 'My kettle broke, money back please' }],
    });
  });

  it('fails the node, quoting the problem, when the server ignores the schema', async () => {
    server = await startFakeProvider(() => ({ sse: fixture('ollama-chat-text.sse') }));
    const model = createLanguageModel(
      { provider: 'openai-compatible', model: 'llama3.2' },
      { baseURL: `${server.url}/v1` },
    );
    const run = await runToEnd(graph, mockContext({ qwen: model }));
    expect(run.status).toBe('failed');
    expect(run.events.find((event) => event.type === 'run-error')).toMatchObject({
      code: 'structured_output_mismatch',
      nodeId: 'triage',
      message: expect.stringContaining('not JSON'),
    });
  });
});
