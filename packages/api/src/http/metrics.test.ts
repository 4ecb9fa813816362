import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { runs } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSamples, type Sample, sampleValue } from '../metrics/samples.testing';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { type Actor, createSession } from '../services/auth';
import { liveRuns } from '../services/live-runs';
import { runJournal } from '../services/run-journal';
import { createTestOwner, testRuntime } from '../test-support';
import { SESSION_COOKIE } from '../trpc/cookies';
import { handleAgentChat } from './agent-chat';
import { handleMetrics } from './metrics';
import { handleCreateTrigger, handleWebhook } from './triggers';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

const ORIGIN = 'http://127.0.0.1:3000';
const TOKEN = 'metrics-token-for-the-tests-0123456789';

function request(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`${ORIGIN}${url}`, {
    method: init.method ?? 'GET',
    headers: { host: '127.0.0.1:3000', ...init.headers },
    body: init.body,
  });
}

const scrapeRequest = (headers: Record<string, string> = {}) => request('/api/metrics', { headers });

for (const backend of testBackends()) {
  describe(`GET /api/metrics on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let metricsOff: Runtime;
    let owner: Actor;
    let agentId: string;
    let runKey: string;
    let manageKey: string;

    /** Scrapes with the right token and parses the answer. */
    async function scrape(): Promise<Sample[]> {
      const response = await handleMetrics(runtime, scrapeRequest({ authorization: `Bearer ${TOKEN}` }));
      expect(response.status).toBe(200);
      return parseSamples(await response.text());
    }

    /** Waits until every run of this runtime has ended and been written. */
    async function runsSettled() {
      while (liveRuns(runtime).size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      await runJournal(runtime).settled();
    }

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_METRICS_TOKEN: TOKEN });
      metricsOff = await testRuntime(database);
      owner = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, owner, { name: 'Counted', graph: chatbot })).id;
      await publishAgent(runtime, owner, { id: agentId });
      runKey = (await createApiKey(runtime, owner.workspaceId, 'runner', { scopes: ['run'] })).key;
      manageKey = (await createApiKey(runtime, owner.workspaceId, 'manager', { scopes: ['manage'] })).key;
    }, 60_000);
    afterAll(async () => {
      await runsSettled();
      await database.close();
    });

    it('is off (404, saying how to turn it on) while AGENTRY_METRICS_TOKEN is unset', async () => {
      const response = await handleMetrics(metricsOff, scrapeRequest({ authorization: `Bearer ${TOKEN}` }));
      expect(response.status).toBe(404);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toMatch(/Metrics are off.*AGENTRY_METRICS_TOKEN/);
    });

    it('refuses a missing or wrong token, an API key and a session cookie with 401 and WWW-Authenticate', async () => {
      const missing = await handleMetrics(runtime, scrapeRequest());
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="agentry-metrics"');
      expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
        /Authorization: Bearer/,
      );
      for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), runKey, 'short']) {
        const refused = await handleMetrics(runtime, scrapeRequest({ authorization: `Bearer ${wrong}` }));
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe(
          'Bearer realm="agentry-metrics", error="invalid_token"',
        );
      }
      const basic = await handleMetrics(runtime, scrapeRequest({ authorization: `Basic ${TOKEN}` }));
      expect(basic.status).toBe(401);
      const cookie = `${SESSION_COOKIE}=${await createSession(runtime, owner.user.id)}`;
      expect((await handleMetrics(runtime, scrapeRequest({ cookie }))).status).toBe(401);
    });

    it('answers the Prometheus text format with process metrics and no queue metric in-process', async () => {
      const response = await handleMetrics(runtime, scrapeRequest({ authorization: `bearer  ${TOKEN}` }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      expect(text).toContain('# TYPE agentry_run_duration_seconds histogram');
      expect(text).toContain('# TYPE agentry_run_first_token_seconds histogram');
      expect(text).toContain('# TYPE agentry_runs_started_total counter');
      expect(text).not.toContain('agentry_queue_jobs');
      const samples = parseSamples(text);
      expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(sampleValue(samples, 'agentry_runs_waiting')).toBe(0);
      expect(sampleValue(samples, 'agentry_streams_held')).toBe(0);
    });

    it('counts a chat through the real handler once: start, end, tokens, latency, and its held stream', async () => {
      const chat = await handleAgentChat(
        runtime,
        request(`/api/v1/agents/${agentId}/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${runKey}` },
          body: JSON.stringify({
            messages: [{ id: 'm1', role: 'user', parts: [{ type: 'text', text: 'Count me' }] }],
          }),
        }),
        agentId,
      );
      expect(chat.status).toBe(200);
      // The answer is not read yet: its stream is held.
      expect(sampleValue(await scrape(), 'agentry_streams_held')).toBe(1);
      expect(await chat.text()).toContain('You said: \\"Count me\\"');
      await runsSettled();
      const samples = await scrape();
      expect(sampleValue(samples, 'agentry_streams_held')).toBe(0);
      expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'api' })).toBe(1);
      expect(
        sampleValue(samples, 'agentry_runs_finished_total', { source: 'api', status: 'succeeded' }),
      ).toBe(1);
      expect(sampleValue(samples, 'agentry_run_tokens_total', { kind: 'input' })).toBeGreaterThan(0);
      expect(sampleValue(samples, 'agentry_run_tokens_total', { kind: 'output' })).toBeGreaterThan(0);
      expect(sampleValue(samples, 'agentry_run_duration_seconds_count', { source: 'api' })).toBe(1);
      expect(sampleValue(samples, 'agentry_run_duration_seconds_bucket', { source: 'api', le: '+Inf' })).toBe(
        1,
      );
      expect(sampleValue(samples, 'agentry_run_first_token_seconds_count', { source: 'api' })).toBe(1);
      const firstToken = sampleValue(samples, 'agentry_run_first_token_seconds_sum', { source: 'api' })!;
      const duration = sampleValue(samples, 'agentry_run_duration_seconds_sum', { source: 'api' })!;
      expect(firstToken).toBeGreaterThan(0);
      expect(firstToken).toBeLessThanOrEqual(duration);
    });

    it('counts a webhook run that nobody reads, and waiting runs from the database', async () => {
      const created = await handleCreateTrigger(
        runtime,
        request(`/api/v1/agents/${agentId}/triggers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${manageKey}` },
          body: JSON.stringify({ kind: 'webhook', name: 'Form', config: {} }),
        }),
        agentId,
      );
      expect(created.status).toBe(201);
      const { webhookUrl } = (await created.json()) as { webhookUrl: string };
      const token = webhookUrl.slice(webhookUrl.lastIndexOf('/') + 1);
      const hooked = await handleWebhook(
        runtime,
        request(`/api/hooks/${token}`, {
          method: 'POST',
          body: 'hello',
          headers: { 'content-type': 'text/plain' },
        }),
        token,
      );
      expect(hooked.status).toBe(202);
      const { runId } = (await hooked.json()) as { runId: string };
      await runsSettled();
      let samples = await scrape();
      expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'webhook' })).toBe(1);
      expect(
        sampleValue(samples, 'agentry_runs_finished_total', { source: 'webhook', status: 'succeeded' }),
      ).toBe(1);
      // The chat's counts stay as they were: each run is counted once.
      expect(sampleValue(samples, 'agentry_runs_started_total', { source: 'api' })).toBe(1);
      expect(sampleValue(samples, 'agentry_runs_waiting')).toBe(0);
      await runtime.db.update(runs).set({ status: 'waiting' }).where(eq(runs.id, runId));
      samples = await scrape();
      expect(sampleValue(samples, 'agentry_runs_waiting')).toBe(1);
    });
  });
}
