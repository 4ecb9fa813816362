import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import type { Actor } from './auth';
import { testCredential } from './credential-test';
import { createEngineContext } from './engine-context';
import {
  createCredential,
  listCredentials,
  renameCredential,
  resolveCredential,
  setCredentialHosts,
} from './credentials';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A loopback stand-in for an OpenAI-compatible server: accepts one key, answers one short completion. */
async function startFakeCompatibleServer(validKey: string) {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      seen.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(text || '{}') });
      if (request.headers.authorization !== `Bearer ${validKey}`) {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: { message: 'Incorrect API key provided.', type: 'invalid_request_error' },
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: 1767225600,
          model: 'tiny',
          choices: [{ index: 0, message: { role: 'assistant', content: 'OK' }, finish_reason: 'length' }],
          usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const backend of testBackends()) {
  describe(`credential test and rename on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let fake: Awaited<ReturnType<typeof startFakeCompatibleServer>>;
    beforeAll(async () => {
      database = await backend.open();
      // The fake server listens on loopback: the admin allows that host, as a local gateway needs.
      runtime = await testRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
      actor = await createTestOwner(runtime);
      fake = await startFakeCompatibleServer('sk-good-key-1234');
    });
    afterAll(async () => {
      await fake.close();
      await database.close();
    });

    it('makes one minimal real call with the stored key and reports success', async () => {
      const credential = await createCredential(runtime, actor, {
        name: 'Local gateway',
        provider: 'openai-compatible',
        apiKey: 'sk-good-key-1234',
        baseUrl: fake.url,
      });
      const result = await testCredential(runtime, actor, { id: credential.id, model: 'tiny' });
      expect(result).toMatchObject({ ok: true, model: 'tiny' });
      expect(result.message).toMatch(/answered/);
      const request = fake.seen.at(-1)!;
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.headers.authorization).toBe('Bearer sk-good-key-1234');
      expect(request.body).toMatchObject({ model: 'tiny', max_tokens: 1 });
      // The result never carries the secret.
      expect(JSON.stringify(result)).not.toContain('sk-good-key-1234');
    });

    it("reports the provider's refusal in words, without throwing", async () => {
      const credential = await createCredential(runtime, actor, {
        name: 'Wrong key',
        provider: 'openai-compatible',
        apiKey: 'sk-wrong-key-9999',
        baseUrl: fake.url,
      });
      const result = await testCredential(runtime, actor, { id: credential.id });
      expect(result).toMatchObject({ ok: false, code: 'unauthorized', status: 401, model: 'local-model' });
      expect(result.message).toMatch(/rejected the API key \(401\)/);
    });

    it('reports an unreachable server as a network problem', async () => {
      const closed = await startFakeCompatibleServer('x');
      await closed.close();
      const credential = await createCredential(runtime, actor, {
        name: 'Gone',
        provider: 'ollama',
        baseUrl: closed.url.replace(/\/v1$/, ''),
      });
      const result = await testCredential(runtime, actor, { id: credential.id });
      expect(result.ok).toBe(false);
      expect(result.code).toBe('network');
    });

    it('stores, lists, resolves and changes the hosts a key may be sent to', async () => {
      const credential = await createCredential(runtime, actor, {
        name: 'Weather API',
        provider: 'openai-compatible',
        apiKey: 'sk-weather-1111',
        baseUrl: fake.url,
        allowedHosts: ['API.weather.example', '*.weather.example', 'api.weather.example'],
      });
      expect(credential.allowedHosts).toEqual(['api.weather.example', '*.weather.example']);
      const context = createEngineContext(runtime, { workspaceId: actor.workspaceId, conversationId: 'c' });
      expect(await context.secrets.resolve(credential.id)).toMatchObject({
        allowedHosts: ['api.weather.example', '*.weather.example'],
      });
      await setCredentialHosts(runtime, actor, { id: credential.id, allowedHosts: ['api.other.example'] });
      // The next run sees the new list at once, not a cached one.
      expect((await resolveCredential(runtime, actor.workspaceId, credential.id)).allowedHosts).toEqual([
        'api.other.example',
      ]);
      const listed = (await listCredentials(runtime, actor)).find((row) => row.id === credential.id);
      expect(listed?.allowedHosts).toEqual(['api.other.example']);
      for (const bad of ['https://api.example.com', 'api.example.com:443', '*', '*.com']) {
        await expect(
          setCredentialHosts(runtime, actor, { id: credential.id, allowedHosts: [bad] }),
        ).rejects.toMatchObject({ code: 'bad_request' });
      }
    });

    it('renames a credential of the workspace and nothing else', async () => {
      const credential = await createCredential(runtime, actor, {
        name: 'Old name',
        provider: 'openai',
        apiKey: 'sk-rename-me-5678',
      });
      await renameCredential(runtime, actor, { id: credential.id, name: 'New name' });
      const listed = (await listCredentials(runtime, actor)).find((row) => row.id === credential.id);
      expect(listed).toMatchObject({ name: 'New name', maskedKey: '••••5678' });
      await expect(renameCredential(runtime, actor, { id: 'missing', name: 'x' })).rejects.toThrow(
        /No such credential/,
      );
    });
  });
}

for (const backend of testBackends()) {
  describe(`credential test against private addresses on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let fake: Awaited<ReturnType<typeof startFakeCompatibleServer>>;
    beforeAll(async () => {
      database = await backend.open();
      // No AGENTRY_ALLOW_PRIVATE_HOSTS: the server's default.
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      fake = await startFakeCompatibleServer('sk-good-key-1234');
    });
    afterAll(async () => {
      await fake.close();
      await database.close();
    });

    it('refuses a base URL on loopback or the metadata address, saying how an admin allows it', async () => {
      for (const baseUrl of [fake.url, 'http://localhost:11434', 'http://169.254.169.254/v1']) {
        const credential = await createCredential(runtime, actor, {
          name: `Private ${baseUrl}`,
          provider: 'openai-compatible',
          apiKey: 'sk-good-key-1234',
          baseUrl,
        });
        const result = await testCredential(runtime, actor, { id: credential.id, model: 'tiny' });
        expect(result.ok).toBe(false);
        expect(result.message).toMatch(/Refused to connect to .*AGENTRY_ALLOW_PRIVATE_HOSTS/);
      }
      // Nothing reached the loopback server, so nothing of its answer can come back in a message.
      expect(fake.seen).toHaveLength(0);
    });

    it('reaches the host of OLLAMA_BASE_URL, which the admin set', async () => {
      const ollamaRuntime = await testRuntime(database, { OLLAMA_BASE_URL: fake.url.replace(/\/v1$/, '') });
      const credential = await createCredential(ollamaRuntime, actor, {
        name: 'Admin Ollama host',
        provider: 'openai-compatible',
        apiKey: 'sk-good-key-1234',
        baseUrl: fake.url,
      });
      const result = await testCredential(ollamaRuntime, actor, { id: credential.id, model: 'tiny' });
      expect(result).toMatchObject({ ok: true });
    });
  });
}
