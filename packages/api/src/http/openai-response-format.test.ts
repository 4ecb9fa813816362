import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { edge, node } from '@agentry/engine/testing/graph-builders';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { createTestOwner, testRuntime } from '../test-support';
import { handlerFetch } from './test-fetch';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
/** An agent whose answer comes from a Prompt: nothing in it can be asked for JSON. */
const echo = {
  version: 1,
  nodes: [
    node('in', 'chat-input'),
    node('say', 'prompt', { template: 'You said {{message}}' }),
    node('out', 'chat-output'),
  ],
  edges: [edge('in', 'message', 'say', 'message'), edge('say', 'text', 'out', 'text')],
};
/** Chat Input's files reach the Model (offline: it reads images), which answers in the requested format. */
const looksAtImages = {
  version: 1,
  nodes: [
    node('in', 'chat-input'),
    node('model', 'model', { provider: 'offline' }),
    node('out', 'chat-output'),
  ],
  edges: [
    edge('in', 'message', 'model', 'prompt'),
    edge('in', 'files', 'model', 'files'),
    edge('model', 'text', 'out', 'text'),
  ],
};
/** A PNG: its signature (the upload check reads magic numbers), then filler. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(504)]);
const BASE = 'http://agentry.test/api/v1';
const TRIAGE = {
  type: 'json_schema' as const,
  json_schema: {
    name: 'triage',
    strict: true,
    schema: {
      type: 'object',
      properties: {
        category: { type: 'string', enum: ['question', 'refund'] },
        reason: { type: 'string' },
      },
      required: ['category', 'reason'],
      additionalProperties: false,
    },
  },
};

for (const backend of testBackends()) {
  describe(`response_format on the OpenAI-compatible route on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let client: OpenAI;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const actor = await createTestOwner(runtime);
      const key = (await createApiKey(runtime, actor.workspaceId, 'clients')).key;
      for (const [name, graph] of [
        ['Chatbot', chatbot],
        ['Echo', echo],
        ['Looks at images', looksAtImages],
      ] as const) {
        const agent = await createAgent(runtime, actor, { name, graph });
        await publishAgent(runtime, actor, { id: agent.id });
      }
      client = new OpenAI({ apiKey: key, baseURL: BASE, fetch: handlerFetch(runtime), maxRetries: 0 });
    }, 60_000);
    afterAll(() => database.close());

    it('asks the agent’s model for the schema and answers JSON that fits it', async () => {
      const completion = await client.chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'I want a refund for my order' }],
        response_format: TRIAGE,
      });
      const answer = JSON.parse(completion.choices[0]!.message.content!);
      expect(answer).toEqual({ category: 'refund', reason: expect.stringMatching(/^\[Offline model\] /) });
      const question = await client.chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'How do I change my address?' }],
        response_format: TRIAGE,
      });
      expect(JSON.parse(question.choices[0]!.message.content!).category).toBe('question');
    });

    it('takes an image and a response_format in one request and answers JSON that fits the schema', async () => {
      const completion = await client.chat.completions.create({
        model: 'looks-at-images',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Is this photo of a broken kettle a refund?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } },
            ],
          },
        ],
        response_format: TRIAGE,
      });
      const answer = JSON.parse(completion.choices[0]!.message.content!);
      expect(Object.keys(answer).sort()).toEqual(['category', 'reason']);
      expect(answer.category).toBe('refund');
      // The image reached the model: the offline model's answer names what it received.
      expect(answer.reason).toContain('image/png');
    });

    it('streams the checked JSON answer', async () => {
      const stream = await client.chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'refund please' }],
        response_format: TRIAGE,
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(JSON.parse(text)).toMatchObject({ category: 'refund' });
    });

    it('answers 422 naming the problem when the agent cannot answer in the format', async () => {
      const failure = await client.chat.completions
        .create({ model: 'echo', messages: [{ role: 'user', content: 'hi' }], response_format: TRIAGE })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
      expect((failure as Error).message).toMatch(
        /response_format: The agent was asked for JSON but its answer is not JSON .*"You said hi"/,
      );
      const object = await client.chat.completions
        .create({
          model: 'echo',
          messages: [{ role: 'user', content: 'hi' }],
          response_format: { type: 'json_object' },
        })
        .catch((error: unknown) => error);
      expect((object as InstanceType<typeof OpenAI.APIError>).status).toBe(422);
      const plain = await client.chat.completions.create({
        model: 'echo',
        messages: [{ role: 'user', content: 'hi' }],
        response_format: { type: 'text' },
      });
      expect(plain.choices[0]!.message.content).toBe('You said hi');
    });

    it('refuses a schema that does not describe an object with 400', async () => {
      const failure = await client.chat.completions
        .create({
          model: 'chatbot',
          messages: [{ role: 'user', content: 'hi' }],
          response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'string' } } },
        })
        .catch((error: unknown) => error);
      expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
      expect((failure as Error).message).toContain(
        'response_format.json_schema.schema: The answer must be an object',
      );
    });
  });
}
