import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleMetrics } from '../http/metrics';
import { createRedisRunQueue, type RunQueue } from '../queue/run-queue';
import { type RunWorker, startRunWorker } from '../queue/run-worker';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { startDurableRun } from '../services/durable-runs';
import { liveRuns } from '../services/live-runs';
import { startRun } from '../services/runs';
import { createTestOwner, testRuntime } from '../test-support';
import { parseSamples, type Sample, sampleValue } from './samples.testing';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const TOKEN = 'metrics-token-for-the-queue-tests-0123';
// PostgreSQL when the suite has it (queue mode's real pairing), else the embedded database.
const backend = testBackends().at(-1)!;

describe.skipIf(!redisUrl)(`metrics in queue mode (Redis, ${backend.name})`, () => {
  const names = { queue: `agentry-test-${crypto.randomUUID().slice(0, 8)}` };
  let database: DatabaseHandle;
  let runtime: Runtime;
  let queue: RunQueue;
  let worker: RunWorker | undefined;
  let actor: Actor;
  let agentId: string;

  async function scrape(): Promise<Sample[]> {
    const response = await handleMetrics(
      runtime,
      new Request('http://127.0.0.1:3000/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }),
    );
    expect(response.status).toBe(200);
    return parseSamples(await response.text());
  }

  /** Scrapes until `ready` holds for the samples (the queue and the run move on their own). */
  async function scrapeUntil(ready: (samples: Sample[]) => boolean): Promise<Sample[]> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const samples = await scrape();
      if (ready(samples)) return samples;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the metrics never reached the expected values');
  }

  beforeAll(async () => {
    database = await backend.open();
    queue = createRedisRunQueue(redisUrl!, names, { pickupMs: 20_000, idleMs: 30_000 });
    runtime = await testRuntime(database, { AGENTRY_METRICS_TOKEN: TOKEN });
    runtime.runQueue = queue;
    actor = await createTestOwner(runtime);
    agentId = (await createAgent(runtime, actor, { name: 'Queued', graph: chatbot })).id;
  }, 60_000);

  afterAll(async () => {
    while (liveRuns(runtime).size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    await worker?.close();
    await queue.close();
    await database.close();
  });

  it('reports the queue depth by state, and counts a queued run once, in the process that follows it', async () => {
    const empty = await scrape();
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(sampleValue(empty, 'agentry_queue_jobs', { state })).toBe(0);

    // No worker yet: a run nobody reads (a webhook's) waits in the queue.
    await startDurableRun(
      runtime,
      { workspaceId: actor.workspaceId, agentId, graph: chatbot, source: 'webhook', message: 'queued' },
      { readerBound: false },
    );
    const queued = await scrapeUntil(
      (samples) => sampleValue(samples, 'agentry_queue_jobs', { state: 'waiting' }) === 1,
    );
    expect(sampleValue(queued, 'agentry_runs_started_total', { source: 'webhook' })).toBe(1);
    expect(sampleValue(queued, 'agentry_runs_finished_total', { source: 'webhook' })).toBeUndefined();

    // The worker shares this runtime (as in one process), yet executes without counting: still one run.
    worker = await startRunWorker(runtime, { redisUrl: redisUrl!, names, concurrency: 2 });
    const done = await scrapeUntil(
      (samples) =>
        sampleValue(samples, 'agentry_runs_finished_total', { source: 'webhook', status: 'succeeded' }) === 1,
    );
    expect(sampleValue(done, 'agentry_runs_started_total', { source: 'webhook' })).toBe(1);
    expect(sampleValue(done, 'agentry_run_tokens_total', { kind: 'output' })).toBeGreaterThan(0);
    // The job completes just after its last event is streamed: the queue empties a moment later.
    const drained = await scrapeUntil(
      (samples) => sampleValue(samples, 'agentry_queue_jobs', { state: 'active' }) === 0,
    );
    expect(sampleValue(drained, 'agentry_queue_jobs', { state: 'waiting' })).toBe(0);

    // A chat followed by its reader: first token and duration come from the events read back from Redis.
    const chat = await startRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'through the queue',
    });
    for await (const event of chat.events)
      if (event.type === 'run-end') expect(event.answer).toContain('through');
    const after = await scrape();
    expect(sampleValue(after, 'agentry_runs_started_total', { source: 'api' })).toBe(1);
    expect(sampleValue(after, 'agentry_runs_finished_total', { source: 'api', status: 'succeeded' })).toBe(1);
    expect(sampleValue(after, 'agentry_run_first_token_seconds_count', { source: 'api' })).toBe(1);
    expect(sampleValue(after, 'agentry_run_duration_seconds_count', { source: 'api' })).toBe(1);
  }, 60_000);
});
