import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { type Actor, createOwner } from '../services/auth';
import { createTestOwner, testRuntime } from '../test-support';
import { handleAgentChat } from './agent-chat';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

function chatRequest(body: unknown, headers: Record<string, string>): Request {
  return new Request('http://127.0.0.1:3000/api/v1/agents/x/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

type ErrorBody = { error: { code: string; message: string } };

const userMessage = (text: string) => ({ id: 'm1', role: 'user', parts: [{ type: 'text', text }] });

/** Reads an SSE body into its JSON chunks. */
async function sseChunks(response: Response): Promise<{ type: string; [key: string]: unknown }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .map((block) =>
      block
        .replace(/^id: \d+\n/, '')
        .replace(/^data: /, '')
        .trim(),
    )
    .filter((data) => data && data !== '[DONE]')
    .map((data) => JSON.parse(data));
}

for (const backend of testBackends()) {
  describe(`POST /api/v1/agents/:id/chat on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let key: string;
    let agentId: string;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      key = (await createApiKey(runtime, actor.workspaceId, 'test')).key;
      agentId = (await createAgent(runtime, actor, { name: 'Chatbot', graph: chatbot })).id;
    });
    afterAll(() => database.close());

    it('refuses a missing or wrong key, and an unpublished agent, without writing anything', async () => {
      expect(
        (await handleAgentChat(runtime, chatRequest({ messages: [userMessage('hi')] }, {}), agentId)).status,
      ).toBe(401);
      const wrong = await handleAgentChat(
        runtime,
        chatRequest({ messages: [userMessage('hi')] }, { authorization: 'Bearer agt_nope' }),
        agentId,
      );
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      const unpublished = await handleAgentChat(
        runtime,
        chatRequest({ messages: [userMessage('hi')] }, { authorization: `Bearer ${key}` }),
        agentId,
      );
      expect(unpublished.status).toBe(404);
      expect(((await unpublished.json()) as ErrorBody).error.message).toMatch(/no published version/);
      expect(await database.execute('select id from runs')).toEqual([]);
    });

    it('names the bad field, refuses over-long messages, and hides other workspaces', async () => {
      const auth = { authorization: `Bearer ${key}` };
      const malformed = await handleAgentChat(runtime, chatRequest('{"messages": [', auth), agentId);
      expect(malformed.status).toBe(400);
      const noMessages = await handleAgentChat(runtime, chatRequest({ messages: [] }, auth), agentId);
      expect(noMessages.status).toBe(400);
      expect(((await noMessages.json()) as ErrorBody).error.message).toMatch(/messages/);
      const long = await handleAgentChat(
        runtime,
        chatRequest({ messages: [userMessage('x'.repeat(40_000))], target: 'draft' }, auth),
        agentId,
      );
      expect(long.status).toBe(413);
      const otherOwner = await createOwner(runtime, {
        name: 'B',
        email: 'b@example.com',
        password: 'a-long-password',
      }).catch(() => undefined);
      expect(otherOwner).toBeUndefined();
      const foreign = await handleAgentChat(
        runtime,
        chatRequest({ messages: [userMessage('hi')] }, auth),
        '00000000-0000-4000-8000-000000000000',
      );
      expect(foreign.status).toBe(404);
      expect(await database.execute('select id from runs')).toEqual([]);
    });

    it('streams a published agent as a UI message stream and continues the conversation', async () => {
      await publishAgent(runtime, actor, { id: agentId });
      const response = await handleAgentChat(
        runtime,
        chatRequest({ messages: [userMessage('What is 6 * 7?')] }, { authorization: `Bearer ${key}` }),
        agentId,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
      expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const conversationId = response.headers.get('x-agentry-conversation-id');
      const chunks = await sseChunks(response);
      expect(chunks[0]).toMatchObject({ type: 'start', messageMetadata: { conversationId } });
      const text = chunks
        .filter((chunk) => chunk.type === 'text-delta')
        .map((chunk) => chunk.delta)
        .join('');
      expect(text).toContain('[Offline model]');
      expect(chunks.some((chunk) => chunk.type === 'data-node')).toBe(true);
      expect(chunks.at(-1)?.type).toBe('finish');

      const next = await handleAgentChat(
        runtime,
        chatRequest(
          { messages: [userMessage('And again?')], conversationId },
          { authorization: `Bearer ${key}` },
        ),
        agentId,
      );
      expect(next.headers.get('x-agentry-conversation-id')).toBe(conversationId);
      await next.text();
      const runs = await database.execute(
        `select source, version_id from runs where conversation_id = '${conversationId}'`,
      );
      expect(runs).toHaveLength(2);
      expect(runs.every((row) => (row as { source: string }).source === 'api')).toBe(true);
    });
  });
}
