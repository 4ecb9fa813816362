import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { runs, triggers } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { createCredential } from '../services/credentials';
import { liveRuns } from '../services/live-runs';
import { getRun, listRuns } from '../services/run-history';
import { runJournal } from '../services/run-journal';
import { utcDay } from '../services/daily-token-budget';
import { createTestOwner, testRuntime } from '../test-support';
import {
  handleCreateTrigger,
  handleDeleteTrigger,
  handleGetTrigger,
  handleListTriggers,
  handleRotateTrigger,
  handleUpdateTrigger,
  handleWebhook,
} from './triggers';
import { handleGetRun } from './runs';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

const ORIGIN = 'http://127.0.0.1:3000';

function request(
  url: string,
  init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`${ORIGIN}${url}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', ...init.headers },
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

for (const backend of testBackends()) {
  describe(`triggers over HTTP on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let agentId: string;
    let otherAgentId: string;
    let manageKey: string;
    let runKey: string;
    let otherAgentKey: string;
    let credentialId: string;
    const SECRET = 'whsec-shared-between-sender-and-agentry';
    const as = (key: string) => ({ authorization: `Bearer ${key}` });

    /** Creates a webhook trigger through REST and returns its id and URL token. */
    async function createWebhook(config: Record<string, unknown> = {}, name = 'Form') {
      const response = await handleCreateTrigger(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, {
          method: 'POST',
          body: { kind: 'webhook', name, config },
          headers: as(manageKey),
        }),
        agentId,
      );
      expect(response.status).toBe(201);
      const body = (await response.json()) as { id: string; webhookUrl: string };
      expect(body.webhookUrl.startsWith(`${ORIGIN}/api/hooks/`)).toBe(true);
      return { id: body.id, token: tokenOf(body.webhookUrl), url: body.webhookUrl };
    }

    const runsOf = (triggerId: string) => runtime.db.select().from(runs).where(eq(runs.triggerId, triggerId));

    async function waitForRun(runId: string) {
      for (let attempt = 0; attempt < 400; attempt++) {
        await runJournal(runtime).settled();
        const [row] = await runtime.db.select().from(runs).where(eq(runs.id, runId));
        if (row && row.status !== 'running') return row;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`run ${runId} never finished`);
    }

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, owner, { name: 'Hooked', graph: chatbot })).id;
      otherAgentId = (await createAgent(runtime, owner, { name: 'Other', graph: chatbot })).id;
      await publishAgent(runtime, owner, { id: agentId });
      manageKey = (await createApiKey(runtime, owner.workspaceId, 'manager', { scopes: ['manage'] })).key;
      runKey = (await createApiKey(runtime, owner.workspaceId, 'runner', { scopes: ['run'] })).key;
      otherAgentKey = (
        await createApiKey(runtime, owner.workspaceId, 'other', {
          scopes: ['manage'],
          agents: [otherAgentId],
        })
      ).key;
      credentialId = (
        await createCredential(runtime, owner, {
          name: 'Webhook secret',
          provider: 'token',
          apiKey: SECRET,
          allowedHosts: ['hooks.example.com'],
        })
      ).id;
    }, 60_000);
    afterAll(async () => {
      // Runs started by the last tests finish before the database closes.
      while (liveRuns(runtime).size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      await runJournal(runtime).settled();
      await database.close();
    });

    it('a signed JSON webhook answers 202 and runs the published version with the mapped input', async () => {
      const hook = await createWebhook({
        inputTemplate: 'New order {{body.order.id}} from {{body.customer}} ({{query.shop}})',
        signature: { header: 'X-Signature', credentialId, prefix: 'sha256=' },
      });
      const raw = JSON.stringify({ order: { id: 42 }, customer: 'Ada' });
      const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
      const response = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}?shop=north`, {
          method: 'POST',
          raw,
          headers: { 'x-signature': signature },
        }),
        hook.token,
      );
      expect(response.status).toBe(202);
      const { runId, statusUrl } = (await response.json()) as { runId: string; statusUrl: string };
      expect(statusUrl).toBe(`${ORIGIN}/api/v1/runs/${runId}`);
      const run = await waitForRun(runId);
      expect(run.status).toBe('succeeded');
      expect(run.source).toBe('webhook');
      expect(run.triggerId).toBe(hook.id);
      expect(run.versionId).toBeTruthy();
      expect((run.input as { message: string }).message).toBe('New order 42 from Ada (north)');
      expect(run.answer).toContain('[Offline model]');
      // The run's tokens count towards the trigger's day, and the trigger notes when it last ran.
      const [trigger] = await runtime.db.select().from(triggers).where(eq(triggers.id, hook.id));
      expect(trigger!.usageDay).toBe(utcDay());
      expect(trigger!.tokensToday).toBeGreaterThan(0);
      expect(trigger!.lastRunAt).not.toBeNull();
      // The history shows the trigger: GET /api/v1/runs/:id and the builder's run list.
      const status = await handleGetRun(
        runtime,
        request(`/api/v1/runs/${runId}`, { headers: as(runKey) }),
        runId,
      );
      expect(await status.json()).toMatchObject({
        source: 'webhook',
        triggerId: hook.id,
        trigger: { id: hook.id, name: 'Form', kind: 'webhook' },
      });
      const listed = await listRuns(runtime, owner, { agentId, limit: 100 });
      expect(listed.items.find((item) => item.id === runId)?.trigger).toEqual({
        id: hook.id,
        name: 'Form',
        kind: 'webhook',
      });
      expect((await getRun(runtime, owner, runId)).trigger).toMatchObject({ name: 'Form', kind: 'webhook' });
    });

    it('a bad or missing signature is 401 and starts no run', async () => {
      const hook = await createWebhook({
        signature: { header: 'X-Hub-Signature-256', credentialId, prefix: 'sha256=' },
      });
      const raw = '{"event":"push"}';
      const wrong = `sha256=${createHmac('sha256', 'not-the-secret').update(raw).digest('hex')}`;
      const bad = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}`, {
          method: 'POST',
          raw,
          headers: { 'x-hub-signature-256': wrong },
        }),
        hook.token,
      );
      expect(bad.status).toBe(401);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
        'does not match',
      );
      // A signature of another body (the sender's bytes changed on the way) fails too.
      const other = `sha256=${createHmac('sha256', SECRET).update('{"event": "push"}').digest('hex')}`;
      const tampered = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}`, {
          method: 'POST',
          raw,
          headers: { 'x-hub-signature-256': other },
        }),
        hook.token,
      );
      expect(tampered.status).toBe(401);
      const missing = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}`, { method: 'POST', raw }),
        hook.token,
      );
      expect(missing.status).toBe(401);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
        'X-Hub-Signature-256',
      );
      expect(await runsOf(hook.id)).toHaveLength(0);
    });

    it('a paused trigger answers 409 and an unknown token 404, with no run', async () => {
      const hook = await createWebhook();
      const paused = await handleUpdateTrigger(
        runtime,
        request(`/api/v1/triggers/${hook.id}`, {
          method: 'PATCH',
          body: { enabled: false },
          headers: as(manageKey),
        }),
        hook.id,
      );
      expect(paused.status).toBe(200);
      expect(((await paused.json()) as { enabled: boolean }).enabled).toBe(false);
      const response = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}`, {
          method: 'POST',
          raw: 'hello',
          headers: { 'content-type': 'text/plain' },
        }),
        hook.token,
      );
      expect(response.status).toBe(409);
      expect(await runsOf(hook.id)).toHaveLength(0);
      const unknown = 'A'.repeat(43);
      const missing = await handleWebhook(
        runtime,
        request(`/api/hooks/${unknown}`, { method: 'POST', raw: 'x' }),
        unknown,
      );
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    });

    it('an oversized body is refused with 413 before it is read whole', async () => {
      const hook = await createWebhook({ maxBodyBytes: 1024 });
      let pulled = 0;
      // A chunked body of 64 chunks of 512 bytes: the reader must stop right after passing 1 KB.
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (pulled > 64) controller.close();
          else controller.enqueue(new Uint8Array(512).fill(97));
        },
      });
      const response = await handleWebhook(
        runtime,
        new Request(`${ORIGIN}/api/hooks/${hook.token}`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body,
          duplex: 'half',
        } as RequestInit),
        hook.token,
      );
      expect(response.status).toBe(413);
      expect(pulled).toBeLessThan(8);
      // A declared length over the limit is refused before a byte is read.
      const declared = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}`, {
          method: 'POST',
          raw: 'x'.repeat(2048),
          headers: { 'content-type': 'text/plain', 'content-length': '2048' },
        }),
        hook.token,
      );
      expect(declared.status).toBe(413);
      expect(await runsOf(hook.id)).toHaveLength(0);
    });

    it('over runsPerMinute or tokensPerDay answers 429 with Retry-After', async () => {
      const hook = await createWebhook({ limits: { runsPerMinute: 2, tokensPerDay: 100_000 } });
      const call = () =>
        handleWebhook(
          runtime,
          request(`/api/hooks/${hook.token}`, {
            method: 'POST',
            raw: 'ping',
            headers: { 'content-type': 'text/plain' },
          }),
          hook.token,
        );
      expect((await call()).status).toBe(202);
      expect((await call()).status).toBe(202);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: { message: string } }).error.message).toContain(
        '2 runs a minute',
      );
      expect(await runsOf(hook.id)).toHaveLength(2);

      const spent = await createWebhook({ limits: { runsPerMinute: 60, tokensPerDay: 1000 } });
      await runtime.db
        .update(triggers)
        .set({ usageDay: utcDay(), tokensToday: 1000 })
        .where(eq(triggers.id, spent.id));
      const overTokens = await handleWebhook(
        runtime,
        request(`/api/hooks/${spent.token}`, {
          method: 'POST',
          raw: 'ping',
          headers: { 'content-type': 'text/plain' },
        }),
        spent.token,
      );
      expect(overTokens.status).toBe(429);
      expect(((await overTokens.json()) as { error: { message: string } }).error.message).toContain(
        '1000 tokens',
      );
      // Yesterday's count does not hold today's runs back.
      await runtime.db.update(triggers).set({ usageDay: '2000-01-01' }).where(eq(triggers.id, spent.id));
      const nextDay = await handleWebhook(
        runtime,
        request(`/api/hooks/${spent.token}`, {
          method: 'POST',
          raw: 'ping',
          headers: { 'content-type': 'text/plain' },
        }),
        spent.token,
      );
      expect(nextDay.status).toBe(202);
    });

    it('?wait=1 answers with the run when the trigger allows waiting', async () => {
      const hook = await createWebhook({ allowWait: true, waitTimeoutMs: 20_000 });
      const response = await handleWebhook(
        runtime,
        request(`/api/hooks/${hook.token}?wait=1`, {
          method: 'POST',
          raw: 'name=Ada&topic=billing',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        hook.token,
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { runId: string; status: string; answer: string };
      expect(body.status).toBe('succeeded');
      expect(body.answer).toContain('[Offline model]');
      const [run] = await runtime.db.select().from(runs).where(eq(runs.id, body.runId));
      expect((run!.input as { message: string }).message).toBe('{"name":"Ada","topic":"billing"}');
      // Without allowWait the same request is answered at once.
      const quick = await createWebhook();
      const started = await handleWebhook(
        runtime,
        request(`/api/hooks/${quick.token}?wait=1`, {
          method: 'POST',
          raw: 'hi',
          headers: { 'content-type': 'text/plain' },
        }),
        quick.token,
      );
      expect(started.status).toBe(202);
    });

    it('rotating gives a new URL and the old one answers 404', async () => {
      const hook = await createWebhook();
      const rotated = await handleRotateTrigger(
        runtime,
        request(`/api/v1/triggers/${hook.id}/rotate`, { method: 'POST', headers: as(manageKey) }),
        hook.id,
      );
      expect(rotated.status).toBe(200);
      const { webhookUrl } = (await rotated.json()) as { webhookUrl: string };
      expect(webhookUrl).not.toBe(hook.url);
      const post = (token: string) =>
        handleWebhook(
          runtime,
          request(`/api/hooks/${token}`, {
            method: 'POST',
            raw: 'hi',
            headers: { 'content-type': 'text/plain' },
          }),
          token,
        );
      expect((await post(hook.token)).status).toBe(404);
      expect((await post(tokenOf(webhookUrl))).status).toBe(202);
    });

    it('REST CRUD needs the manage scope and the agent on the key', async () => {
      const schedule = await handleCreateTrigger(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, {
          method: 'POST',
          body: {
            kind: 'schedule',
            name: 'Mornings',
            config: { cron: '0 8 * * 1-5', timezone: 'Europe/Paris' },
          },
          headers: as(manageKey),
        }),
        agentId,
      );
      expect(schedule.status).toBe(201);
      const created = (await schedule.json()) as { id: string; nextRunAt: string; webhookUrl?: string };
      expect(created.webhookUrl).toBeUndefined();
      expect(new Date(created.nextRunAt).getTime()).toBeGreaterThan(Date.now());

      const badCron = await handleCreateTrigger(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, {
          method: 'POST',
          body: { kind: 'schedule', name: 'Bad', config: { cron: '61 * * * *' } },
          headers: as(manageKey),
        }),
        agentId,
      );
      expect(badCron.status).toBe(400);
      expect(((await badCron.json()) as { error: { message: string } }).error.message).toContain(
        'config.cron',
      );

      const list = await handleListTriggers(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, { headers: as(manageKey) }),
        agentId,
      );
      expect(list.status).toBe(200);
      const listed = ((await list.json()) as { data: { id: string; config: object }[] }).data;
      expect(listed.map((trigger) => trigger.id)).toContain(created.id);
      // The signature's secret never appears, only the credential that holds it.
      expect(JSON.stringify(listed)).not.toContain(SECRET);

      const renamed = await handleUpdateTrigger(
        runtime,
        request(`/api/v1/triggers/${created.id}`, {
          method: 'PATCH',
          body: { name: 'Weekday mornings', config: { cron: '30 7 * * 1-5', timezone: 'UTC' } },
          headers: as(manageKey),
        }),
        created.id,
      );
      expect(renamed.status).toBe(200);
      const after = (await renamed.json()) as { name: string; nextRunAt: string };
      expect(after.name).toBe('Weekday mornings');
      expect(new Date(after.nextRunAt).getUTCMinutes()).toBe(30);

      // A key without `manage`: 403 naming the scope. A key limited to another agent: 404.
      const noManage = await handleListTriggers(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, { headers: as(runKey) }),
        agentId,
      );
      expect(noManage.status).toBe(403);
      expect(((await noManage.json()) as { error: { message: string } }).error.message).toContain('"manage"');
      const elsewhere = await handleGetTrigger(
        runtime,
        request(`/api/v1/triggers/${created.id}`, { headers: as(otherAgentKey) }),
        created.id,
      );
      expect(elsewhere.status).toBe(404);
      const elsewhereList = await handleListTriggers(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, { headers: as(otherAgentKey) }),
        agentId,
      );
      expect(elsewhereList.status).toBe(404);
      const elsewhereDelete = await handleDeleteTrigger(
        runtime,
        request(`/api/v1/triggers/${created.id}`, { method: 'DELETE', headers: as(otherAgentKey) }),
        created.id,
      );
      expect(elsewhereDelete.status).toBe(404);
      const anonymous = await handleListTriggers(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`),
        agentId,
      );
      expect(anonymous.status).toBe(401);

      const removed = await handleDeleteTrigger(
        runtime,
        request(`/api/v1/triggers/${created.id}`, { method: 'DELETE', headers: as(manageKey) }),
        created.id,
      );
      expect(removed.status).toBe(204);
      const gone = await handleGetTrigger(
        runtime,
        request(`/api/v1/triggers/${created.id}`, { headers: as(manageKey) }),
        created.id,
      );
      expect(gone.status).toBe(404);
    });
  });
}
