import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { agents, workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { createTestOwner, testRuntime } from '../test-support';
import { handlerFetch } from './test-fetch';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const BASE = 'http://agentry.test/api/v1';
type ErrorBody = { error: { code: string; message: string } };
type AgentBody = { id: string; slug: string; revision: number; name: string; description: string };

for (const backend of testBackends()) {
  describe(`agent routes of the HTTP API on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let key: string;
    let call: (
      pathname: string,
      init?: RequestInit & { json?: unknown; auth?: string | null },
    ) => Promise<Response>;
    const agentCount = async () => (await database.execute('select id from agents')).length;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      key = (await createApiKey(runtime, actor.workspaceId, 'http')).key;
      const fetcher = handlerFetch(runtime);
      call = (pathname, init = {}) => {
        const headers = new Headers(init.headers);
        const auth = init.auth === undefined ? key : init.auth;
        if (auth) headers.set('authorization', `Bearer ${auth}`);
        if (init.json !== undefined) headers.set('content-type', 'application/json');
        return fetcher(`${BASE}${pathname}`, {
          ...init,
          headers,
          body: init.json === undefined ? init.body : JSON.stringify(init.json),
        });
      };
    }, 60_000);
    afterAll(() => database.close());

    it('creates, reads, lists, updates with revision checks, publishes and deletes an agent', async () => {
      const created = await call('/agents', {
        method: 'POST',
        json: { name: 'Support bot', graph: chatbot },
      });
      expect(created.status).toBe(201);
      const agent = (await created.json()) as AgentBody & { graph: unknown; problems: unknown[] };
      expect(agent).toMatchObject({ name: 'Support bot', slug: 'support-bot', revision: 1, problems: [] });

      const list = (await (await call('/agents')).json()) as { data: AgentBody[] };
      expect(list.data.map((entry) => entry.id)).toEqual([agent.id]);
      const bySlug = (await (await call('/agents/support-bot')).json()) as AgentBody & { graph: unknown };
      expect(bySlug.graph).toEqual(agent.graph);

      const renamed = await call(`/agents/${agent.id}`, {
        method: 'PUT',
        json: { name: 'Support', description: 'Answers questions', graph: chatbot, baseRevision: 1 },
      });
      expect(renamed.status).toBe(200);
      expect(await renamed.json()).toMatchObject({
        name: 'Support',
        description: 'Answers questions',
        revision: 2,
      });
      const stale = await call(`/agents/${agent.id}`, {
        method: 'PUT',
        json: { graph: chatbot, baseRevision: 1 },
      });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as ErrorBody).error.code).toBe('conflict');
      const forced = await call(`/agents/${agent.id}`, { method: 'PUT', json: { graph: chatbot } });
      expect(((await forced.json()) as AgentBody).revision).toBe(3);

      const published = await call(`/agents/${agent.id}/publish`, {
        method: 'POST',
        json: { note: 'first' },
      });
      expect(published.status).toBe(201);
      expect(await published.json()).toMatchObject({ version: 1, note: 'first' });
      const again = await call(`/agents/${agent.id}/publish`, { method: 'POST' });
      expect(((await again.json()) as { version: number }).version).toBe(2);

      expect((await call(`/agents/${agent.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await call(`/agents/${agent.id}`)).status).toBe(404);
    });

    it('serves the graph JSON Schema without a key', async () => {
      const response = await call('/schema/graph.json', { auth: null });
      expect(response.status).toBe(200);
      const schema = (await response.json()) as { properties: Record<string, unknown> };
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'nodes', 'edges']));
    });

    it('refuses bad keys (401), other workspaces (404), bad bodies (400 naming the field), writing nothing', async () => {
      const before = await agentCount();
      for (const auth of [null, 'agt_not-a-key', 'not even a key']) {
        const response = await call('/agents', { method: 'POST', json: { name: 'x' }, auth });
        expect(response.status).toBe(401);
        expect(((await response.json()) as ErrorBody).error.code).toBe('unauthorized');
      }
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const [foreign] = await runtime.db
        .insert(agents)
        .values({
          workspaceId: other!.id,
          publicId: 'ag_foreign',
          slug: 'foreign',
          name: 'Foreign',
          draftGraph: chatbot,
        })
        .returning();
      expect((await call(`/agents/${foreign!.id}`)).status).toBe(404);
      expect((await call(`/agents/${foreign!.id}`, { method: 'PUT', json: { name: 'Mine' } })).status).toBe(
        404,
      );
      expect((await call(`/agents/${foreign!.id}`, { method: 'DELETE' })).status).toBe(404);
      expect((await call(`/agents/${foreign!.id}/publish`, { method: 'POST' })).status).toBe(404);

      const noName = await call('/agents', { method: 'POST', json: { description: 'nameless' } });
      expect(noName.status).toBe(400);
      expect(((await noName.json()) as ErrorBody).error.message).toMatch(/name/);
      const broken = await call('/agents', {
        method: 'POST',
        body: '{"name": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.status).toBe(400);
      const badRevision = await call(`/agents/${foreign!.id}`, {
        method: 'PUT',
        json: { baseRevision: 'one' },
      });
      expect(badRevision.status).toBe(400);
      expect(((await badRevision.json()) as ErrorBody).error.message).toMatch(/baseRevision/);
      const huge = await call('/agents', {
        method: 'POST',
        json: { name: 'x', description: 'y'.repeat(2 * 1024 * 1024) },
      });
      expect(huge.status).toBe(413);
      expect(await agentCount()).toBe(before + 1); // only the foreign agent inserted above
      const [row] = (await database.execute(`select name from agents where id = '${foreign!.id}'`)) as {
        name: string;
      }[];
      expect(row!.name).toBe('Foreign');
    });
  });
}
