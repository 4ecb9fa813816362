import type { DatabaseHandle } from '@agentry/db';
import { agents, workspaces } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { createTestOwner, testRuntime } from '../test-support';
import { handlerFetch } from './test-fetch';

const BASE = 'http://agentry.test/api/v1';
type ErrorBody = { error: { code: string; message: string } };
type CasesBody = { changed?: boolean; data: { id: string; name: string; position: number }[] };
const greet = { name: 'greets', input: 'hello', expect: [{ contains: 'Hello' }] };
const parcel = { name: 'parcel', input: 'Where is my parcel?', expect: [{ notContains: 'refund' }] };

for (const backend of testBackends()) {
  describe(`agent embed and test-case routes on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let agentId: string;
    let otherAgentId: string;
    const keys: Record<'full' | 'runOnly' | 'otherAgent', string> = { full: '', runOnly: '', otherAgent: '' };
    let call: (
      pathname: string,
      key: string,
      init?: { method?: string; json?: unknown },
    ) => Promise<Response>;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, actor, { name: 'Support' })).id;
      otherAgentId = (await createAgent(runtime, actor, { name: 'Sales' })).id;
      keys.full = (await createApiKey(runtime, actor.workspaceId, 'full')).key;
      keys.runOnly = (await createApiKey(runtime, actor.workspaceId, 'run', { scopes: ['run'] })).key;
      keys.otherAgent = (
        await createApiKey(runtime, actor.workspaceId, 'sales only', { agents: [otherAgentId] })
      ).key;
      const fetcher = handlerFetch(runtime);
      call = (pathname, key, init = {}) =>
        fetcher(`${BASE}${pathname}`, {
          method: init.method ?? 'GET',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: init.json === undefined ? undefined : JSON.stringify(init.json),
        });
    }, 60_000);
    afterAll(() => database.close());

    it('reads embed settings with defaults and replaces them, normalising origins', async () => {
      const initial = (await (await call(`/agents/${agentId}/embed`, keys.full)).json()) as {
        settings: { title: string; allowedOrigins: string[]; limits: { maxMessageChars: number } };
      };
      expect(initial.settings).toMatchObject({ title: 'Chat with us', allowedOrigins: [] });
      expect(initial.settings.limits.maxMessageChars).toBe(2000);
      const saved = await call(`/agents/${agentId}/embed`, keys.full, {
        method: 'PUT',
        json: { settings: { title: 'Help', allowedOrigins: ['https://Example.com/page'] } },
      });
      expect(saved.status).toBe(200);
      expect(await saved.json()).toMatchObject({
        agentId,
        settings: { title: 'Help', allowedOrigins: ['https://example.com'], position: 'bottom-right' },
      });
      const bySlug = (await (await call('/agents/support/embed', keys.full)).json()) as {
        settings: { title: string };
      };
      expect(bySlug.settings.title).toBe('Help');
      const bad = await call(`/agents/${agentId}/embed`, keys.full, {
        method: 'PUT',
        json: { settings: { primaryColor: 'red' } },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error.message).toMatch(/primaryColor: Use a colour/);
    });

    it('replaces test cases in order, keeping unchanged ones, and reports whether anything changed', async () => {
      const put = async (cases: unknown[]) => {
        const response = await call(`/agents/${agentId}/tests`, keys.full, {
          method: 'PUT',
          json: { cases },
        });
        expect(response.status).toBe(200);
        return (await response.json()) as CasesBody;
      };
      const first = await put([greet, parcel]);
      expect(first.changed).toBe(true);
      expect(first.data.map((entry) => [entry.name, entry.position])).toEqual([
        ['greets', 0],
        ['parcel', 1],
      ]);
      const again = await put([greet, parcel]);
      expect(again.changed).toBe(false);
      expect(again.data.map((entry) => entry.id)).toEqual(first.data.map((entry) => entry.id));
      const fewer = await put([{ ...greet, input: 'hi' }]);
      expect(fewer.changed).toBe(true);
      expect(fewer.data).toHaveLength(1);
      expect(fewer.data[0]!.id).toBe(first.data[0]!.id);
      const listed = (await (await call(`/agents/${agentId}/tests`, keys.full)).json()) as {
        data: { input: string }[];
      };
      expect(listed.data.map((entry) => entry.input)).toEqual(['hi']);

      const invalid = await call(`/agents/${agentId}/tests`, keys.full, {
        method: 'PUT',
        json: { cases: [greet, { name: 'no input', expect: [] }] },
      });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as ErrorBody).error.message).toMatch(/cases\.1\.input/);
      const tooMany = await call(`/agents/${agentId}/tests`, keys.full, {
        method: 'PUT',
        json: { cases: Array.from({ length: 1001 }, () => greet) },
      });
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as ErrorBody).error.message).toMatch(/at most 1000 test cases/);
      expect((await put([{ ...greet, input: 'hi' }])).changed).toBe(false);
    });

    it('needs the manage scope, the agent on the key’s list, and an agent of the key’s workspace', async () => {
      for (const [method, path, json] of [
        ['GET', 'embed', undefined],
        ['PUT', 'embed', { settings: { title: 'Mine' } }],
        ['GET', 'tests', undefined],
        ['PUT', 'tests', { cases: [] }],
      ] as const) {
        const noScope = await call(`/agents/${agentId}/${path}`, keys.runOnly, { method, json });
        expect(noScope.status).toBe(403);
        expect(((await noScope.json()) as ErrorBody).error.message).toMatch(/lacks the "manage" scope/);
        const notListed = await call(`/agents/${agentId}/${path}`, keys.otherAgent, { method, json });
        expect(notListed.status).toBe(403);
        expect(((await notListed.json()) as ErrorBody).error.message).toMatch(
          /may not use the agent "Support"/,
        );
        expect(
          (await call(`/agents/${otherAgentId}/${path}`, keys.otherAgent, { method, json })).status,
        ).toBe(200);
        const anonymous = await handlerFetch(runtime)(`${BASE}/agents/${agentId}/${path}`, { method });
        expect(anonymous.status).toBe(401);
      }
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const [foreign] = await runtime.db
        .insert(agents)
        .values({
          workspaceId: other!.id,
          publicId: 'ag_foreign2',
          slug: 'foreign',
          name: 'Foreign',
          draftGraph: { version: 1, nodes: [], edges: [] },
        })
        .returning();
      expect((await call(`/agents/${foreign!.id}/embed`, keys.full)).status).toBe(404);
      expect(
        (await call(`/agents/${foreign!.id}/tests`, keys.full, { method: 'PUT', json: { cases: [greet] } }))
          .status,
      ).toBe(404);
      // Nothing was written by the refused calls: Support keeps its one case and its title.
      const cases = (await (await call(`/agents/${agentId}/tests`, keys.full)).json()) as CasesBody;
      expect(cases.data).toHaveLength(1);
      const embed = (await (await call(`/agents/${agentId}/embed`, keys.full)).json()) as {
        settings: { title: string };
      };
      expect(embed.settings.title).toBe('Help');
    });
  });
}
