import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey, revokeApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { createTestOwner, testRuntime } from '../test-support';
import { handlerFetch } from './test-fetch';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const BASE = 'http://agentry.test/api/v1';

for (const backend of testBackends()) {
  describe(`official clients against the HTTP API on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let key: string;
    let agent: { id: string; slug: string };
    let client: OpenAI;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      key = (await createApiKey(runtime, actor.workspaceId, 'clients')).key;
      agent = await createAgent(runtime, actor, { name: 'Chatbot', graph: chatbot });
      await createAgent(runtime, actor, { name: 'Unpublished', graph: chatbot });
      await publishAgent(runtime, actor, { id: agent.id });
      client = new OpenAI({ apiKey: key, baseURL: BASE, fetch: handlerFetch(runtime), maxRetries: 0 });
    }, 60_000);
    afterAll(() => database.close());

    it('lists published agents as models', async () => {
      const models = await client.models.list();
      expect(models.data.map((model) => model.id)).toEqual(['chatbot']);
      expect(models.data[0]).toMatchObject({ object: 'model', owned_by: 'agentry' });
    });

    it('answers a chat completion with usage, by slug or by id', async () => {
      const completion = await client.chat.completions.create({
        model: 'chatbot',
        messages: [
          { role: 'system', content: 'Ignored: the agent has its own prompt.' },
          { role: 'user', content: 'What is 6 * 7?' },
        ],
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0]!.message.role).toBe('assistant');
      expect(completion.choices[0]!.message.content).toContain('[Offline model]');
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      expect(completion.usage!.total_tokens).toBe(
        completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
      );
      expect(completion.usage!.total_tokens).toBeGreaterThan(0);
      const byId = await client.chat.completions.create({
        model: agent.id,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      });
      expect(byId.choices[0]!.message.content).toContain('[Offline model]');
      const runs = await database.execute(`select source from runs where agent_id = '${agent.id}'`);
      expect(runs.every((row) => (row as { source: string }).source === 'openai')).toBe(true);
    });

    it('streams OpenAI chunks, with usage last when asked', async () => {
      const stream = await client.chat.completions.create({
        model: 'chatbot',
        messages: [{ role: 'user', content: 'Tell me something' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | null | undefined;
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      expect(chunks).toBeGreaterThan(3);
      expect(text).toContain('[Offline model]');
      expect(finish).toBe('stop');
      expect(usage!.total_tokens).toBeGreaterThan(0);
    });

    it('sends every token chunk in exactly the shape OpenAI does (the same fields, in order)', async () => {
      for (const includeUsage of [false, true]) {
        const response = await handlerFetch(runtime)(`${BASE}/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'chatbot',
            stream: true,
            messages: [{ role: 'user', content: 'Say "hi"\nand more' }],
            ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
          }),
        });
        const lines = (await response.text()).split('\n\n').filter((line) => line.startsWith('data: {'));
        const tokens = lines.map((line) => line.slice(6)).filter((json) => json.includes('"content":"'));
        expect(tokens.length).toBeGreaterThan(3);
        for (const json of tokens) {
          const parsed = JSON.parse(json) as { choices: { delta: { content: string } }[] };
          // Serialising the parsed chunk again gives back the very same text: nothing extra, nothing missing.
          expect(JSON.stringify(parsed)).toBe(json);
          expect(Object.keys(parsed)).toEqual([
            'id',
            'object',
            'created',
            'model',
            'choices',
            ...(includeUsage ? ['usage'] : []),
          ]);
        }
      }
    });

    it('raises the client errors: 401 wrong or revoked key, 404 unknown or unpublished agent, 400, 413', async () => {
      const wrong = new OpenAI({
        apiKey: 'agt_wrong',
        baseURL: BASE,
        fetch: handlerFetch(runtime),
        maxRetries: 0,
      });
      await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const revokedKey = await createApiKey(runtime, actor.workspaceId, 'soon revoked');
      await revokeApiKey(runtime, actor, revokedKey.id);
      const revoked = new OpenAI({
        apiKey: revokedKey.key,
        baseURL: BASE,
        fetch: handlerFetch(runtime),
        maxRetries: 0,
      });
      const runsBefore = (await database.execute('select id from runs')).length;
      await expect(
        revoked.chat.completions.create({ model: 'chatbot', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      await expect(
        client.chat.completions.create({ model: 'unpublished', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/no published version/) });
      await expect(
        client.chat.completions.create({ model: 'nobody', messages: [{ role: 'user', content: 'hi' }] }),
      ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
      await expect(client.chat.completions.create({ model: 'chatbot', messages: [] })).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/messages/),
      });
      await expect(
        client.chat.completions.create({
          model: 'chatbot',
          messages: [{ role: 'assistant', content: 'last word' }],
        }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/messages\.0\.role/) });
      await expect(
        client.chat.completions.create({
          model: 'chatbot',
          messages: [{ role: 'user', content: 'x'.repeat(40_000) }],
        }),
      ).rejects.toMatchObject({ status: 413 });
      expect((await database.execute('select id from runs')).length).toBe(runsBefore);
    });

    it('serves useChat unchanged: DefaultChatTransport and readUIMessageStream from ai', async () => {
      const transport = new DefaultChatTransport<UIMessage>({
        api: `${BASE}/agents/${agent.id}/chat`,
        headers: { authorization: `Bearer ${key}` },
        fetch: handlerFetch(runtime),
      });
      const ask = async (text: string, conversationId?: string) => {
        const stream = await transport.sendMessages({
          chatId: 'chat-1',
          messages: [{ id: crypto.randomUUID(), role: 'user', parts: [{ type: 'text', text }] }],
          trigger: 'submit-message',
          messageId: undefined,
          abortSignal: undefined,
          body: conversationId ? { conversationId } : undefined,
        });
        let last: UIMessage | undefined;
        for await (const message of readUIMessageStream({ stream })) last = message;
        return last!;
      };
      const answer = await ask('My name is Ada');
      expect(answer.role).toBe('assistant');
      const text = answer.parts.find((part) => part.type === 'text');
      expect(text && 'text' in text ? text.text : '').toContain('[Offline model]');
      const conversationId = (answer.metadata as { conversationId: string }).conversationId;
      expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
      const next = await ask('And again', conversationId);
      expect((next.metadata as { conversationId: string }).conversationId).toBe(conversationId);
    });
  });
}
