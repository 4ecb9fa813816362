import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase } from '../knowledge/knowledge-bases';
import { handleKnowledgeUpload } from './knowledge-upload';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { type ApiKeyOptions, createApiKey, createApiKeyFor } from '../services/api-keys';
import { type Actor, createSession, resolveSession } from '../services/auth';
import { addMember, removeMember } from '../services/members';
import { runJournal } from '../services/run-journal';
import { SESSION_COOKIE } from '../trpc/cookies';
import { createTestOwner, testRuntime } from '../test-support';
import { refuseWithoutScope } from './authenticate';
import { handlerFetch } from './test-fetch';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const BASE = 'http://agentry.test/api/v1';
type ErrorBody = { error: { code: string; message: string } };
const chatBody = { messages: [{ role: 'user', parts: [{ type: 'text', text: 'Hello' }] }] };
const completionBody = (model: string) => ({ model, messages: [{ role: 'user', content: 'Hello' }] });

for (const backend of testBackends()) {
  describe(`API key scopes, agents and expiry on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let allowed: { id: string; slug: string; name: string };
    let other: { id: string; slug: string; name: string };
    let fetcher: typeof fetch;
    const call = (auth: string, pathname: string, init: { method?: string; json?: unknown } = {}) =>
      fetcher(`${BASE}${pathname}`, {
        method: init.method ?? 'GET',
        headers: {
          ...(auth.startsWith('agt_') ? { authorization: `Bearer ${auth}` } : { cookie: auth }),
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    const keyWith = async (options: ApiKeyOptions) =>
      (await createApiKey(runtime, owner.workspaceId, 'scoped', { createdBy: owner.user.id, ...options }))
        .key;
    const refusal = async (response: Response) => {
      const body = (await response.json()) as ErrorBody;
      return { status: response.status, code: body.error.code, message: body.error.message };
    };
    const rows = (query: string) => database.execute(query) as Promise<Record<string, unknown>[]>;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      allowed = await createAgent(runtime, owner, { name: 'Allowed', graph: chatbot });
      other = await createAgent(runtime, owner, { name: 'Other', graph: chatbot });
      await publishAgent(runtime, owner, { id: allowed.id });
      await publishAgent(runtime, owner, { id: other.id });
      fetcher = handlerFetch(runtime);
    }, 60_000);
    afterAll(() => database.close());

    it('refuses a key limited to one agent on another (chat, completions, GET), and lists only its agent', async () => {
      const key = await keyWith({ scopes: ['run', 'manage'], agents: [allowed.slug] });
      const onOther = [
        await call(key, `/agents/${other.id}/chat`, { method: 'POST', json: chatBody }),
        await call(key, '/chat/completions', { method: 'POST', json: completionBody(other.slug) }),
        await call(key, `/agents/${other.slug}`),
        await call(key, `/agents/${other.id}`, { method: 'PUT', json: { description: 'mine now' } }),
        await call(key, `/agents/${other.id}/publish`, { method: 'POST' }),
        await call(key, `/agents/${other.id}`, { method: 'DELETE' }),
      ];
      for (const response of onOther) {
        expect(await refusal(response)).toMatchObject({
          status: 403,
          code: 'forbidden',
          message: expect.stringContaining('may not use the agent "Other"'),
        });
      }
      const created = await call(key, '/agents', { method: 'POST', json: { name: 'Sneaky' } });
      expect(await refusal(created)).toMatchObject({
        status: 403,
        message: expect.stringMatching(/limited/),
      });

      const chat = await call(key, `/agents/${allowed.id}/chat`, { method: 'POST', json: chatBody });
      expect(chat.status).toBe(200);
      await chat.text();
      const completion = await call(key, '/chat/completions', {
        method: 'POST',
        json: completionBody(allowed.slug),
      });
      expect(completion.status).toBe(200);
      expect((await call(key, `/agents/${allowed.slug}`)).status).toBe(200);

      const models = (await (await call(key, '/models')).json()) as { data: { id: string }[] };
      expect(models.data.map((model) => model.id)).toEqual([allowed.slug]);
      const list = (await (await call(key, '/agents')).json()) as { data: { id: string }[] };
      expect(list.data.map((agent) => agent.id)).toEqual([allowed.id]);
      const everyAgent = await keyWith({ scopes: ['run'] });
      const all = (await (await call(everyAgent, '/models')).json()) as { data: { id: string }[] };
      expect(all.data.map((model) => model.id).sort()).toEqual([allowed.slug, other.slug].sort());
    });

    it('refuses a run-only key everything that manages agents, including reading graphs', async () => {
      const key = await keyWith({ scopes: ['run'] });
      const attempts = [
        await call(key, `/agents/${allowed.id}`),
        await call(key, `/agents/${allowed.id}`, { method: 'PUT', json: { description: 'changed' } }),
        await call(key, `/agents/${allowed.id}`, { method: 'PUT', json: { graph: chatbot } }),
        await call(key, `/agents/${allowed.id}/publish`, { method: 'POST' }),
        await call(key, `/agents/${allowed.id}`, { method: 'DELETE' }),
        await call(key, '/agents', { method: 'POST', json: { name: 'New' } }),
        await call(key, `/agents/${allowed.id}/chat`, {
          method: 'POST',
          json: { ...chatBody, target: 'draft' },
        }),
      ];
      for (const response of attempts) {
        expect(await refusal(response)).toMatchObject({
          status: 403,
          message: expect.stringContaining('lacks the "manage" scope'),
        });
      }
      const [row] = await rows(`select description, draft_revision from agents where id = '${allowed.id}'`);
      expect(row).toMatchObject({ description: '', draft_revision: 1 });
      expect(await rows(`select id from agents where id = '${allowed.id}'`)).toHaveLength(1);
      expect(await rows(`select id from agent_versions where agent_id = '${allowed.id}'`)).toHaveLength(1);

      const manageOnly = await keyWith({ scopes: ['manage'] });
      for (const response of [
        await call(manageOnly, `/agents/${allowed.id}/chat`, { method: 'POST', json: chatBody }),
        await call(manageOnly, '/chat/completions', { method: 'POST', json: completionBody(allowed.slug) }),
        await call(manageOnly, '/models'),
      ]) {
        expect(await refusal(response)).toMatchObject({
          status: 403,
          message: expect.stringContaining('lacks the "run" scope'),
        });
      }
    });

    it('refuses an upload by a key without the knowledge scope before reading it', async () => {
      const base = await createKnowledgeBase(runtime, owner, { name: 'Docs' });
      // What the route does: the scope check, then the upload handler.
      const upload = async (key: string) => {
        const form = new FormData();
        form.append('file', new Blob(['# Manual\n\nHello.']), 'manual.md');
        const request = new Request(`http://agentry.test/api/knowledge/${base.id}/documents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}` },
          body: form,
        });
        return (
          (await refuseWithoutScope(runtime, request, 'knowledge')) ??
          handleKnowledgeUpload(runtime, request, base.id)
        );
      };
      const refused = await upload(await keyWith({ scopes: ['run', 'manage'] }));
      expect(await refusal(refused)).toMatchObject({
        status: 403,
        message: expect.stringContaining('lacks the "knowledge" scope'),
      });
      expect(await rows(`select id from knowledge_documents where knowledge_base_id = '${base.id}'`)).toEqual(
        [],
      );
      const knowledgeKey = await keyWith({ scopes: ['knowledge'] });
      const request = new Request('http://agentry.test/x', {
        method: 'POST',
        headers: { authorization: `Bearer ${knowledgeKey}` },
      });
      expect(await refuseWithoutScope(runtime, request, 'knowledge')).toBeUndefined();
    });

    it('refuses an expired key with 401 naming the date, even while it is cached', async () => {
      const expiresAt = new Date(Date.now() + 1_500);
      const key = await keyWith({ scopes: ['run'], expiresAt });
      expect((await call(key, '/models')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
      expect(await refusal(await call(key, '/models'))).toEqual({
        status: 401,
        code: 'unauthorized',
        message: `This API key expired on ${expiresAt.toISOString()}.`,
      });
      await expect(
        createApiKey(runtime, owner.workspaceId, 'past', { expiresAt: new Date(Date.now() - 1000) }),
      ).rejects.toThrow(/future/);
    });

    it("stops a removed member's keys at once and keeps the others'", async () => {
      const member = await addMember(runtime, owner, {
        name: 'Leaver',
        email: 'leaver@example.com',
        password: 'a-long-password',
        role: 'editor',
      });
      const memberActor = (await resolveSession(runtime, await createSession(runtime, member.id)))!;
      const memberKey = (await createApiKeyFor(runtime, memberActor, { name: 'theirs', scopes: ['run'] }))
        .key;
      const ownerKey = await keyWith({ scopes: ['run'] });
      expect((await call(memberKey, '/models')).status).toBe(200); // now cached
      await removeMember(runtime, owner, member.id);
      expect(await refusal(await call(memberKey, '/models'))).toMatchObject({ status: 401 });
      expect((await call(ownerKey, '/models')).status).toBe(200);
      const [row] = await rows(`select revoked_at from api_keys where name = 'theirs'`);
      expect(row!.revoked_at).not.toBeNull();
    });

    it('records the key as the actor of the agents, versions and runs it makes', async () => {
      const created = await createApiKey(runtime, owner.workspaceId, 'actor', { createdBy: owner.user.id });
      const made = await call(created.key, '/agents', {
        method: 'POST',
        json: { name: 'By key', graph: chatbot },
      });
      const agent = (await made.json()) as { id: string; slug: string };
      expect((await call(created.key, `/agents/${agent.id}/publish`, { method: 'POST' })).status).toBe(201);
      const chat = await call(created.key, `/agents/${agent.id}/chat`, { method: 'POST', json: chatBody });
      await chat.text();
      const completion = await call(created.key, '/chat/completions', {
        method: 'POST',
        json: completionBody(agent.slug),
      });
      await completion.json();
      await runJournal(runtime).settled();
      expect(await rows(`select created_by, created_by_key_id from agents where id = '${agent.id}'`)).toEqual(
        [{ created_by: owner.user.id, created_by_key_id: created.id }],
      );
      expect(
        await rows(`select created_by_key_id from agent_versions where agent_id = '${agent.id}'`),
      ).toEqual([{ created_by_key_id: created.id }]);
      const runs = await rows(
        `select source, api_key_id from runs where agent_id = '${agent.id}' order by source`,
      );
      expect(runs).toEqual([
        { source: 'api', api_key_id: created.id },
        { source: 'openai', api_key_id: created.id },
      ]);
    });

    it("refuses a viewer's session any change to an agent, a description-only one included", async () => {
      const viewer = await addMember(runtime, owner, {
        name: 'Viewer',
        email: 'viewer@example.com',
        password: 'a-long-password',
        role: 'viewer',
      });
      const cookie = `${SESSION_COOKIE}=${await createSession(runtime, viewer.id)}`;
      for (const json of [{ description: 'defaced' }, { name: 'Renamed' }, {}]) {
        const response = await call(cookie, `/agents/${allowed.id}`, { method: 'PUT', json });
        expect(await refusal(response)).toMatchObject({
          status: 403,
          message: expect.stringContaining('needs the editor role'),
        });
      }
      const [row] = await rows(`select name, description from agents where id = '${allowed.id}'`);
      expect(row).toEqual({ name: 'Allowed', description: '' });
      expect((await call(cookie, `/agents/${allowed.id}`)).status).toBe(200);
    });
  });
}
