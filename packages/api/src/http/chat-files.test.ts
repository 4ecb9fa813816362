import { chatFiles, type DatabaseHandle, workspaces } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { embedSettingsSchema, updateEmbedSettings } from '../services/embed-settings';
import { createTestOwner, testRuntime } from '../test-support';
import { handleAgentChat } from './agent-chat';
import { handleGetAgentFile, handlePublicUploadFile, handleUploadAgentFile } from './chat-files';
import { handleChatCompletions } from './openai-compatible';

const SITE = 'https://shop.example.com';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A PNG of `size` bytes: the signature, then filler (the check reads magic numbers, not pixels). */
const png = (size = 64) => {
  const bytes = new Uint8Array(size);
  bytes.set(PNG_SIGNATURE);
  return bytes;
};
/** What an upload request may carry. */
type UploadBody = NonNullable<RequestInit['body']>;
type ErrorBody = { error: { code: string; message: string } };

/** Chat Input → offline Model (files wired) → Chat Output. */
const filesGraph = {
  version: 1,
  nodes: [
    { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
    { id: 'model', type: 'model', position: { x: 0, y: 0 }, data: { config: { provider: 'offline' } } },
    { id: 'out', type: 'chat-output', position: { x: 0, y: 0 }, data: { config: {} } },
  ],
  edges: [
    { id: 'e1', source: 'in', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
    { id: 'e2', source: 'in', sourceHandle: 'files', target: 'model', targetHandle: 'files' },
    { id: 'e3', source: 'model', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
  ],
};

function upload(url: string, body: UploadBody, headers: Record<string, string> = {}): Request {
  return new Request(url, { method: 'POST', headers, body });
}

function multipart(name: string, type: string, bytes: Uint8Array): FormData {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type }));
  return form;
}

for (const backend of testBackends()) {
  describe(`chat files on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let key: string;
    let agent: { id: string; publicId: string };
    const base = 'http://127.0.0.1:3000/api/v1/agents';
    const auth = () => ({ authorization: `Bearer ${key}` });
    const send = (body: UploadBody, headers: Record<string, string> = {}) =>
      handleUploadAgentFile(
        runtime,
        upload(`${base}/${agent.id}/files`, body, { ...auth(), ...headers }),
        agent.id,
      );

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      key = (await createApiKey(runtime, actor.workspaceId, 'test')).key;
      agent = await createAgent(runtime, actor, { name: 'Looker', graph: filesGraph });
      await publishAgent(runtime, actor, { id: agent.id });
    }, 60_000);
    afterAll(() => database.close());

    it('stores an image checked from its bytes and serves it back only as a download or a sandboxed image', async () => {
      const response = await send(multipart('cat.png', 'image/png', png(2048)));
      expect(response.status).toBe(201);
      const stored = (await response.json()) as { id: string };
      expect(stored).toEqual({ id: expect.any(String), name: 'cat.png', mediaType: 'image/png', size: 2048 });

      const download = await handleGetAgentFile(
        runtime,
        new Request(`${base}/${agent.id}/files/${stored.id}`, { headers: auth() }),
        agent.id,
        stored.id,
      );
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''cat.png");
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(png(2048));
      const inline = await handleGetAgentFile(
        runtime,
        new Request(`${base}/${agent.id}/files/${stored.id}?inline=1`, { headers: auth() }),
        agent.id,
        stored.id,
      );
      expect(inline.headers.get('content-disposition')).toMatch(/^inline;/);
      expect(inline.headers.get('content-type')).toBe('image/png');
    });

    it('refuses a .png that is HTML, HTML under any name, a kind the agent does not take, and an oversized file', async () => {
      const html = new TextEncoder().encode('<!DOCTYPE html><script>alert(1)</script>');
      const fake = await send(multipart('cat.png', 'image/png', html));
      expect(fake.status).toBe(400);
      expect(((await fake.json()) as ErrorBody).error.message).toBe(
        '"cat.png" is not a file a chat accepts: its content is not an image (PNG, JPEG, WebP, GIF), a PDF, a DOCX or plain text (HTML, SVG and XML are never accepted).',
      );
      const asText = await send(html, { 'content-type': 'text/plain', 'x-file-name': 'notes.txt' });
      expect(asText.status).toBe(400);
      expect(((await asText.json()) as ErrorBody).error.message).toMatch(
        /HTML, SVG and XML are never accepted/,
      );
      const json = await send(new TextEncoder().encode('{"a":1}'), {
        'content-type': 'application/json',
        'x-file-name': 'a.json',
      });
      expect(json.status).toBe(400);
      expect(((await json.json()) as ErrorBody).error.message).toBe(
        '"a.json" is JSON, which this agent does not accept. It accepts: png, jpeg, webp, gif, pdf, txt.',
      );
      const big = await send(png(5 * 1024 * 1024 + 1), { 'content-type': 'image/png' });
      expect(big.status).toBe(413);
      expect(((await big.json()) as ErrorBody).error.message).toBe(
        'The file is larger than the 5 MB this agent accepts.',
      );
    });

    it('counts chat files against the storage quota together with knowledge files', async () => {
      const limited = await testRuntime(database, { AGENTRY_STORAGE_QUOTA_MB: '1' });
      const before = (
        await database.execute('select coalesce(sum(size_bytes), 0)::int as n from chat_files')
      )[0] as { n: number };
      const room = 1024 * 1024 - before.n;
      const request = (size: number) =>
        handleUploadAgentFile(
          limited,
          upload(`${base}/${agent.id}/files?name=big.png`, png(size), {
            ...auth(),
            'content-type': 'image/png',
          }),
          agent.id,
        );
      expect((await request(room - 100)).status).toBe(201);
      const over = await request(200);
      expect(over.status).toBe(413);
      expect(((await over.json()) as ErrorBody).error.message).toMatch(
        /^The workspace's storage is full, so "big.png"/,
      );
    });

    it('refuses another workspace’s key: it cannot read or upload files of this agent', async () => {
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Elsewhere' }).returning();
      const otherKey = (await createApiKey(runtime, other!.id, 'other')).key;
      const [file] = await runtime.db.select({ id: chatFiles.id }).from(chatFiles).limit(1);
      const read = await handleGetAgentFile(
        runtime,
        new Request(`${base}/${agent.id}/files/${file!.id}`, {
          headers: { authorization: `Bearer ${otherKey}` },
        }),
        agent.id,
        file!.id,
      );
      expect(read.status).toBe(404);
      const write = await handleUploadAgentFile(
        runtime,
        upload(`${base}/${agent.id}/files?name=a.png`, png(), {
          authorization: `Bearer ${otherKey}`,
          'content-type': 'image/png',
        }),
        agent.id,
      );
      expect(write.status).toBe(404);
    });

    it('takes widget uploads from allowed origins only, once the owner turns files on', async () => {
      const url = `http://127.0.0.1:3000/api/public/agents/${agent.publicId}/files`;
      const visitor = (origin: string) =>
        handlePublicUploadFile(
          runtime,
          upload(url, multipart('cat.png', 'image/png', png()), { origin }),
          agent.publicId,
        );
      await updateEmbedSettings(runtime, actor, {
        id: agent.id,
        settings: embedSettingsSchema.parse({ allowedOrigins: [SITE] }),
      });
      const off = await visitor(SITE);
      expect(off.status).toBe(403);
      expect(((await off.json()) as ErrorBody).error.message).toBe('This chat does not accept files.');
      await updateEmbedSettings(runtime, actor, {
        id: agent.id,
        settings: embedSettingsSchema.parse({ allowedOrigins: [SITE], files: { enabled: true } }),
      });
      // The public agent is cached for a few seconds; a fresh runtime reads the new settings.
      const fresh = await testRuntime(database);
      const foreign = await handlePublicUploadFile(
        fresh,
        upload(url, multipart('cat.png', 'image/png', png()), { origin: 'https://evil.example' }),
        agent.publicId,
      );
      expect(foreign.status).toBe(403);
      const ok = await handlePublicUploadFile(
        fresh,
        upload(url, multipart('cat.png', 'image/png', png()), { origin: SITE }),
        agent.publicId,
      );
      expect(ok.status).toBe(201);
      expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
      const [row] = await runtime.db
        .select({ source: chatFiles.source })
        .from(chatFiles)
        .where(eq(chatFiles.id, ((await ok.json()) as { id: string }).id));
      expect(row?.source).toBe('widget');
    });

    it('runs a chat turn with an uploaded file: the offline model describes it and the file joins the conversation', async () => {
      const stored = (await (await send(multipart('cat.png', 'image/png', png(12 * 1024)))).json()) as {
        id: string;
      };
      const response = await handleAgentChat(
        runtime,
        new Request(`${base}/${agent.id}/chat`, {
          method: 'POST',
          headers: { ...auth(), 'content-type': 'application/json' },
          body: JSON.stringify({
            messages: [
              {
                id: 'm1',
                role: 'user',
                parts: [
                  { type: 'text', text: 'What is this?' },
                  {
                    type: 'file',
                    mediaType: 'image/png',
                    url: `agentry-file:${stored.id}`,
                    filename: 'cat.png',
                  },
                ],
              },
            ],
          }),
        }),
        agent.id,
      );
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('I received 1 image (cat.png, image/png, 12 KB)');
      const conversationId = response.headers.get('x-agentry-conversation-id');
      let attached: string | null | undefined;
      for (let attempt = 0; attempt < 50 && !attached; attempt++) {
        [{ conversationId: attached } = { conversationId: null }] = await runtime.db
          .select({ conversationId: chatFiles.conversationId })
          .from(chatFiles)
          .where(eq(chatFiles.id, stored.id));
        if (!attached) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(attached).toBe(conversationId);
    });

    it('answers the OpenAI route with an image_url data URL, and refuses images by https URL', async () => {
      const dataUrl = `data:image/png;base64,${Buffer.from(png(1024)).toString('base64')}`;
      const completion = (content: unknown) =>
        handleChatCompletions(
          runtime,
          new Request('http://127.0.0.1:3000/api/v1/chat/completions', {
            method: 'POST',
            headers: { ...auth(), 'content-type': 'application/json' },
            body: JSON.stringify({ model: agent.id, messages: [{ role: 'user', content }] }),
          }),
        );
      const ok = await completion([
        { type: 'text', text: 'Describe' },
        { type: 'image_url', image_url: { url: dataUrl } },
      ]);
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]!.message.content).toContain('I received 1 image (image-1, image/png, 1 KB)');
      const remote = await completion([
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      ]);
      expect(remote.status).toBe(400);
      expect(((await remote.json()) as ErrorBody).error.message).toMatch(
        /^messages\.0\.content\.0\.image_url\.url: only data: URLs are accepted/,
      );
    });
  });
}
