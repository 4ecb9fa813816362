import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { PEER_ADDRESS_HEADER, peerAddressHeader } from './client-address';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { agentChanged } from '../services/lookup-cache';
import { type EmbedSettings, embedSettingsSchema, updateEmbedSettings } from '../services/embed-settings';
import { createTestOwner, testRuntime } from '../test-support';
import {
  handlePublicChat,
  handlePublicConfig,
  handlePublicConversation,
  handlePublicPreflight,
} from './public-chat';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

const SITE = 'https://shop.example.com';
const base = 'http://127.0.0.1:3000/api/public/agents';
type ErrorBody = { error: { code: string; message: string } };

function request(
  url: string,
  options: { origin?: string; body?: unknown; method?: string; address?: string; forwardedFor?: string } = {},
): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.origin) headers.origin = options.origin;
  // What the server's stamp writes for a connection from this address (see client-address.ts).
  if (options.address) headers[PEER_ADDRESS_HEADER] = peerAddressHeader(options.address);
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;
  return new Request(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
}

const turn = (text: string, conversationId?: string) => ({
  messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text }] }],
  ...(conversationId ? { conversationId } : {}),
});

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
  describe(`public widget routes on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let agent: { id: string; publicId: string };
    let unpublished: { id: string; publicId: string };
    const count = async (table: string) =>
      ((await database.execute(`select count(*)::int as n from ${table}`))[0] as { n: number }).n;
    const settings = (changes: Partial<EmbedSettings>) =>
      updateEmbedSettings(runtime, actor, {
        id: agent.id,
        settings: embedSettingsSchema.parse({ allowedOrigins: [SITE], ...changes }),
      });

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      agent = await createAgent(runtime, actor, { name: 'Shop helper', graph: chatbot });
      unpublished = await createAgent(runtime, actor, { name: 'Draft only', graph: chatbot });
      await publishAgent(runtime, actor, { id: agent.id });
    }, 60_000);
    afterAll(() => database.close());

    it('allows nothing until the owner adds an origin, then serves the config to that origin only', async () => {
      const url = `${base}/${agent.publicId}/config`;
      const refused = await handlePublicConfig(runtime, request(url, { origin: SITE }), agent.publicId);
      expect(refused.status).toBe(403);
      // The refusal is readable by the page, so the widget can show it.
      expect(refused.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(((await refused.json()) as ErrorBody).error.message).toMatch(/not allowed/);

      await settings({ title: 'Shop help', starterPrompts: ['Where is my order?'] });
      const allowed = await handlePublicConfig(runtime, request(url, { origin: SITE }), agent.publicId);
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('vary')).toMatch(/Origin/);
      const config = (await allowed.json()) as Record<string, unknown>;
      expect(config).toMatchObject({ title: 'Shop help', starterPrompts: ['Where is my order?'] });
      expect(config).not.toHaveProperty('allowedOrigins');
      expect(config).not.toHaveProperty('limits');

      const other = await handlePublicConfig(
        runtime,
        request(url, { origin: 'https://evil.example' }),
        agent.publicId,
      );
      expect(other.status).toBe(403);
      const noOrigin = await handlePublicConfig(runtime, request(url), agent.publicId);
      expect(noOrigin.status).toBe(403);
    });

    it('addresses agents by public id only, and only published ones', async () => {
      const byInternalId = await handlePublicConfig(
        runtime,
        request(`${base}/${agent.id}/config`, { origin: SITE }),
        agent.id,
      );
      expect(byInternalId.status).toBe(404);
      const draft = await handlePublicConfig(
        runtime,
        request(`${base}/${unpublished.publicId}/config`, { origin: SITE }),
        unpublished.publicId,
      );
      expect(draft.status).toBe(404);
      expect(((await draft.json()) as ErrorBody).error.message).toMatch(/not available/);
    });

    it('serves the default language and the per-language welcome, and reads settings saved before them', async () => {
      const url = `${base}/${agent.publicId}/config`;
      const config = async () =>
        (await (
          await handlePublicConfig(runtime, request(url, { origin: SITE }), agent.publicId)
        ).json()) as Record<string, unknown>;
      await settings({
        welcomeMessage: 'Hello!',
        starterPrompts: ['Where is my order?'],
        defaultLanguage: 'zh-CN',
        translations: { 'zh-CN': { welcomeMessage: '你好！', starterPrompts: ['我的订单在哪里？'] } },
      });
      expect(await config()).toMatchObject({
        welcomeMessage: 'Hello!',
        starterPrompts: ['Where is my order?'],
        defaultLanguage: 'zh-CN',
        translations: { 'zh-CN': { welcomeMessage: '你好！', starterPrompts: ['我的订单在哪里？'] } },
      });

      // Settings stored before languages existed: English, no translations, the rest as saved.
      await database.execute(
        `update agents set embed_settings = '${JSON.stringify({ title: 'Old shop', welcomeMessage: 'Hi there', allowedOrigins: [SITE] })}'::jsonb where id = '${agent.id}'`,
      );
      agentChanged(runtime, agent);
      expect(await config()).toMatchObject({
        title: 'Old shop',
        welcomeMessage: 'Hi there',
        defaultLanguage: 'en',
        translations: {},
      });
      await settings({});
    });

    it('answers the CORS preflight for allowed origins only', async () => {
      const url = `${base}/${agent.publicId}/chat`;
      const ok = await handlePublicPreflight(
        runtime,
        request(url, { origin: SITE, method: 'OPTIONS' }),
        agent.publicId,
      );
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/content-type/);
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      const refused = await handlePublicPreflight(
        runtime,
        request(url, { origin: 'https://evil.example', method: 'OPTIONS' }),
        agent.publicId,
      );
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses foreign origins, bad bodies and long messages without writing anything', async () => {
      await settings({ limits: { ...embedSettingsSchema.parse({}).limits, maxMessageChars: 50 } });
      const url = `${base}/${agent.publicId}/chat`;
      const before = { runs: await count('runs'), conversations: await count('conversations') };
      const foreign = await handlePublicChat(
        runtime,
        request(url, { origin: 'https://evil.example', body: turn('hi') }),
        agent.publicId,
      );
      expect(foreign.status).toBe(403);
      const malformed = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: '{"messages": [' }),
        agent.publicId,
      );
      expect(malformed.status).toBe(400);
      const noMessages = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: { messages: [] } }),
        agent.publicId,
      );
      expect(noMessages.status).toBe(400);
      expect(((await noMessages.json()) as ErrorBody).error.message).toMatch(/messages/);
      const long = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('x'.repeat(51)) }),
        agent.publicId,
      );
      expect(long.status).toBe(413);
      expect(long.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(((await long.json()) as ErrorBody).error.message).toMatch(/limit is 50/);
      const guessed = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('hi', crypto.randomUUID()) }),
        agent.publicId,
      );
      expect(guessed.status).toBe(404);
      expect({ runs: await count('runs'), conversations: await count('conversations') }).toEqual(before);
    });

    it('streams the published agent as text only, continues the conversation and shows its history', async () => {
      await settings({});
      const url = `${base}/${agent.publicId}/chat`;
      const first = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('My name is Ada'), address: '10.0.0.1' }),
        agent.publicId,
      );
      expect(first.status).toBe(200);
      expect(first.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(first.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
      const conversationId = first.headers.get('x-agentry-conversation-id')!;
      expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
      const chunks = await sseChunks(first);
      expect(chunks[0]).toMatchObject({ type: 'start', messageMetadata: { conversationId } });
      expect(chunks.some((chunk) => chunk.type === 'text-delta')).toBe(true);
      expect(chunks.some((chunk) => chunk.type === 'data-node' || chunk.type === 'data-tool')).toBe(false);
      expect(chunks.at(-1)?.type).toBe('finish');

      const second = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('What is my name?', conversationId), address: '10.0.0.1' }),
        agent.publicId,
      );
      expect(second.headers.get('x-agentry-conversation-id')).toBe(conversationId);
      await second.text();

      const history = await handlePublicConversation(
        runtime,
        request(`${base}/${agent.publicId}/conversations/${conversationId}`, { origin: SITE }),
        agent.publicId,
        conversationId,
      );
      expect(history.status).toBe(200);
      const body = (await history.json()) as { messages: { role: string; text: string }[] };
      expect(body.messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
      expect(body.messages[0]!.text).toBe('My name is Ada');

      const runs = await database.execute(
        `select source, version_id from runs where conversation_id = '${conversationId}'`,
      );
      expect(runs).toHaveLength(2);
      expect(runs.every((row) => (row as { source: string }).source === 'widget')).toBe(true);
      const [usage] = (await database.execute(
        `select tokens from agent_daily_usage where agent_id = '${agent.id}'`,
      )) as { tokens: number }[];
      expect(usage!.tokens).toBeGreaterThan(0);

      // Another agent's public id, or a foreign origin, cannot read the conversation.
      await updateEmbedSettings(runtime, actor, {
        id: unpublished.id,
        settings: embedSettingsSchema.parse({ allowedOrigins: [SITE] }),
      });
      await publishAgent(runtime, actor, { id: unpublished.id });
      const otherAgent = await handlePublicConversation(
        runtime,
        request(`${base}/${unpublished.publicId}/conversations/${conversationId}`, { origin: SITE }),
        unpublished.publicId,
        conversationId,
      );
      expect(otherAgent.status).toBe(404);
      const foreign = await handlePublicConversation(
        runtime,
        request(`${base}/${agent.publicId}/conversations/${conversationId}`, {
          origin: 'https://evil.example',
        }),
        agent.publicId,
        conversationId,
      );
      expect(foreign.status).toBe(403);
    });

    it('limits messages per address and per conversation per minute with 429 and Retry-After', async () => {
      const defaults = embedSettingsSchema.parse({}).limits;
      await settings({ limits: { ...defaults, messagesPerMinutePerIp: 2 } });
      const url = `${base}/${agent.publicId}/chat`;
      const send = (address: string, conversationId?: string, forwardedFor?: string) =>
        handlePublicChat(
          runtime,
          request(url, { origin: SITE, body: turn('hello', conversationId), address, forwardedFor }),
          agent.publicId,
        );
      await (await send('10.0.0.2')).text();
      await (await send('10.0.0.2')).text();
      const third = await send('10.0.0.2');
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(third.headers.get('access-control-allow-origin')).toBe(SITE);
      expect(((await third.json()) as ErrorBody).error.message).toMatch(/too quickly/);
      // A client naming another address in X-Forwarded-For is still counted by its connection's.
      expect((await send('10.0.0.2', undefined, '203.0.113.9')).status).toBe(429);
      expect((await send('10.0.0.3')).status).toBe(200);

      await settings({ limits: { ...defaults, messagesPerMinutePerConversation: 1 } });
      const first = await send('10.0.0.4');
      const conversationId = first.headers.get('x-agentry-conversation-id')!;
      await first.text();
      const again = await send('10.0.0.5', conversationId);
      expect(again.status).toBe(429);
      expect(((await again.json()) as ErrorBody).error.message).toMatch(/conversation/);
    });

    it('stops a conversation at its token cap and the agent at its daily cap', async () => {
      const defaults = embedSettingsSchema.parse({}).limits;
      await settings({ limits: { ...defaults, tokensPerConversation: 100 } });
      const url = `${base}/${agent.publicId}/chat`;
      const first = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('hello'), address: '10.0.1.1' }),
        agent.publicId,
      );
      const conversationId = first.headers.get('x-agentry-conversation-id')!;
      await first.text();
      await database.execute(`update conversations set tokens_used = 100 where id = '${conversationId}'`);
      const capped = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('more', conversationId), address: '10.0.1.1' }),
        agent.publicId,
      );
      expect(capped.status).toBe(429);
      expect(((await capped.json()) as ErrorBody).error.message).toMatch(/Start a new conversation/);

      const [usage] = (await database.execute(
        `select tokens from agent_daily_usage where agent_id = '${agent.id}'`,
      )) as { tokens: number }[];
      await settings({ limits: { ...defaults, tokensPerAgentPerDay: Math.max(100, usage!.tokens) } });
      const runsBefore = await count('runs');
      const daily = await handlePublicChat(
        runtime,
        request(url, { origin: SITE, body: turn('hello'), address: '10.0.1.2' }),
        agent.publicId,
      );
      expect(daily.status).toBe(429);
      expect(((await daily.json()) as ErrorBody).error.message).toMatch(/daily limit/);
      expect(await count('runs')).toBe(runsBefore);
    });

    it('reserves the daily budget before a run: concurrent chats cannot all spend the same remainder', async () => {
      const defaults = embedSettingsSchema.parse({}).limits;
      // A fresh agent (nothing of its day read or cached yet) with a day's budget that one run's
      // reservation fills (a run reserves at most what its conversation may still use).
      const busy = await createAgent(runtime, actor, { name: 'Busy helper', graph: chatbot });
      await publishAgent(runtime, actor, { id: busy.id });
      await updateEmbedSettings(runtime, actor, {
        id: busy.id,
        settings: embedSettingsSchema.parse({
          allowedOrigins: [SITE],
          limits: { ...defaults, tokensPerConversation: 100, tokensPerAgentPerDay: 100 },
        }),
      });
      const url = `${base}/${busy.publicId}/chat`;
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map((index) =>
          handlePublicChat(
            runtime,
            request(url, { origin: SITE, body: turn('hello'), address: `10.0.2.${index}` }),
            busy.publicId,
          ),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429, 429, 429, 429]);
      for (const answer of answers.filter((answer) => answer.status === 429)) {
        expect(((await answer.json()) as ErrorBody).error.message).toMatch(/daily limit/);
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      const admitted = answers.find((answer) => answer.status === 200)!;
      const conversationId = admitted.headers.get('x-agentry-conversation-id')!;
      await admitted.text();
      // Once the run has ended, the day holds what it used, not what it reserved.
      const [run] = (await database.execute(
        `select usage from runs where conversation_id = '${conversationId}'`,
      )) as { usage: { inputTokens: number; outputTokens: number } }[];
      const [usage] = (await database.execute(
        `select tokens from agent_daily_usage where agent_id = '${busy.id}'`,
      )) as { tokens: number }[];
      expect(usage!.tokens).toBe(run!.usage.inputTokens + run!.usage.outputTokens);
    });

    it('counts an IPv6 client by its /64, so rotating addresses inside it earns no new messages', async () => {
      const defaults = embedSettingsSchema.parse({}).limits;
      await settings({ limits: { ...defaults, messagesPerMinutePerIp: 2 } });
      await database.execute(`delete from agent_daily_usage where agent_id = '${agent.id}'`);
      const url = `${base}/${agent.publicId}/chat`;
      const send = (address: string) =>
        handlePublicChat(
          runtime,
          request(url, { origin: SITE, body: turn('hello'), address }),
          agent.publicId,
        );
      expect((await send('2001:db8:7:7::1')).status).toBe(200);
      expect((await send('2001:db8:7:7:aaaa:bbbb:cccc:dddd')).status).toBe(200);
      const rotated = await send('2001:db8:7:7::3');
      expect(rotated.status).toBe(429);
      expect(((await rotated.json()) as ErrorBody).error.message).toMatch(/too quickly/);
      // Another /64 is another client.
      expect((await send('2001:db8:7:8::1')).status).toBe(200);
    });

    it('refuses `Origin: null` and malformed origins with 403 and a message, on every public route', async () => {
      await settings({});
      for (const origin of [
        'null',
        'not an origin',
        'https://',
        'javascript:alert(1)',
        'https://shop.example.com/x',
      ]) {
        const config = await handlePublicConfig(
          runtime,
          request(`${base}/${agent.publicId}/config`, { origin }),
          agent.publicId,
        );
        expect(config.status, origin).toBe(403);
        expect(((await config.json()) as ErrorBody).error.message, origin).toMatch(/origin|site/i);
        // Nothing but a well-formed origin is ever echoed back.
        expect(config.headers.get('access-control-allow-origin'), origin).toBeNull();
        const chat = await handlePublicChat(
          runtime,
          request(`${base}/${agent.publicId}/chat`, { origin, body: turn('hi'), address: '10.0.3.1' }),
          agent.publicId,
        );
        expect(chat.status, origin).toBe(403);
        const history = await handlePublicConversation(
          runtime,
          request(`${base}/${agent.publicId}/conversations/${crypto.randomUUID()}`, { origin }),
          agent.publicId,
          crypto.randomUUID(),
        );
        expect(history.status, origin).toBe(403);
        const preflight = await handlePublicPreflight(
          runtime,
          request(`${base}/${agent.publicId}/chat`, { origin, method: 'OPTIONS' }),
          agent.publicId,
        );
        expect(preflight.status, origin).toBe(403);
        expect(((await preflight.json()) as ErrorBody).error.code, origin).toBe('forbidden');
      }
      const nullOrigin = await handlePublicConfig(
        runtime,
        request(`${base}/${agent.publicId}/config`, { origin: 'null' }),
        agent.publicId,
      );
      expect(((await nullOrigin.json()) as ErrorBody).error.message).toMatch(/sandboxed|local file/);
    });
  });
}
