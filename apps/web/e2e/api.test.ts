import http from 'node:http';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import OpenAI from 'openai';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, chatbotGraph, publishChatbot, signInAndCreateKey } from './api-setup';
import { launchBrowser, startServer, type TestServer } from './harness';

type ErrorBody = { error: { code: string; message: string } };

describe('the HTTP API of a production server, with real clients', () => {
  let server: TestServer;
  let browser: Browser;
  let key: string;
  let agent: { id: string; slug: string; publicId: string };

  beforeAll(async () => {
    server = await startServer(ADMIN);
    browser = await launchBrowser();
    const page = await browser.newPage();
    key = await signInAndCreateKey(page, server.url);
    await page.close();
    agent = await publishChatbot(server.url, key, 'Support bot');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('answers the official openai client, streaming and not', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/api/v1`, maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((model) => model.id)).toContain('support-bot');
    const completion = await client.chat.completions.create({
      model: 'support-bot',
      messages: [{ role: 'user', content: 'What is 6 * 7?' }],
    });
    expect(completion.choices[0]!.message.content).toContain('[Offline model]');
    expect(completion.usage!.total_tokens).toBeGreaterThan(0);

    const stream = await client.chat.completions.create({
      model: agent.id,
      messages: [{ role: 'user', content: 'Stream this please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toContain('[Offline model]');
    expect(usage!.total_tokens).toBeGreaterThan(0);

    const wrong = new OpenAI({ apiKey: 'agt_wrong', baseURL: `${server.url}/api/v1`, maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('streams to a useChat-style client: DefaultChatTransport and readUIMessageStream', async () => {
    const transport = new DefaultChatTransport<UIMessage>({
      api: `${server.url}/api/v1/agents/${agent.id}/chat`,
      headers: { authorization: `Bearer ${key}` },
    });
    const stream = await transport.sendMessages({
      chatId: 'e2e',
      messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Hello there' }] }],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: undefined,
    });
    const snapshots: UIMessage[] = [];
    for await (const message of readUIMessageStream({ stream })) snapshots.push(message);
    const last = snapshots.at(-1)!;
    const text = last.parts.find((part) => part.type === 'text');
    expect(text && 'text' in text ? text.text : '').toContain('[Offline model]');
    expect(snapshots.length).toBeGreaterThan(2);
    expect((last.metadata as { conversationId?: string }).conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers bad input with the right status and JSON error body, and writes nothing', async () => {
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const count = async () =>
      ((await (await fetch(`${server.url}/api/v1/agents`, { headers: auth })).json()) as { data: unknown[] })
        .data.length;
    const before = await count();
    const noKey = await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
    });
    expect(noKey.status).toBe(401);
    const badField = await fetch(`${server.url}/api/v1/agents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: '', graph: chatbotGraph }),
    });
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as ErrorBody).error.message).toMatch(/name/);
    const broken = await fetch(`${server.url}/api/v1/agents`, { method: 'POST', headers: auth, body: '{' });
    expect(broken.status).toBe(400);
    const tooLong = await fetch(`${server.url}/api/v1/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ model: agent.slug, messages: [{ role: 'user', content: 'x'.repeat(40_000) }] }),
    });
    expect(tooLong.status).toBe(413);
    const missing = await fetch(`${server.url}/api/v1/agents/00000000-0000-4000-8000-000000000000`, {
      headers: auth,
    });
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as ErrorBody;
    expect(body.error.code).toBe('not_found');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|node_modules/);
    expect(await count()).toBe(before);
  });

  it('serves widget.js, the graph schema, and public CORS only for allowed origins', async () => {
    const widget = await fetch(`${server.url}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(await widget.text()).toContain('agentry-chat');
    const schema = await fetch(`${server.url}/api/v1/schema/graph.json`);
    expect(schema.status).toBe(200);
    const preflight = await fetch(`${server.url}/api/public/agents/${agent.publicId}/chat`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://nobody.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const chat = await fetch(`${server.url}/api/public/agents/${agent.publicId}/chat`, {
      method: 'POST',
      headers: { origin: 'https://nobody.example', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', parts: [{ type: 'text', text: 'hi' }] }] }),
    });
    expect(chat.status).toBe(403);
  });

  // Connections come from 127.0.0.2 and 127.0.0.3 (any 127/8 address reaches the server), so what is
  // locked out here is no other test's address.
  it('counts failed sign-ins by the connection address, whatever X-Forwarded-For claims', async () => {
    const signIn = (from: string, attempt: number) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({
          json: { email: `nobody${attempt}@example.com`, password: 'wrong-password' },
        });
        const request = http.request(
          `${server.url}/api/trpc/auth.signIn`,
          {
            method: 'POST',
            localAddress: from,
            headers: {
              'content-type': 'application/json',
              origin: server.url,
              // A new account and a new claimed address each time: only the connection's address repeats.
              'x-forwarded-for': `203.0.113.${attempt + 1}`,
              'x-agentry-peer-address': `${'0'.repeat(32)} 198.51.100.${attempt + 1}`,
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10 && statuses.at(-1) !== 429; attempt++) {
      statuses.push(await signIn('127.0.0.2', attempt));
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // Another connection address is not held back by the first one's failures.
    expect(await signIn('127.0.0.3', 20)).toBe(401);
  });
});
