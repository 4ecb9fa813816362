import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRunQueue, type RunQueue } from '../queue/run-queue';
import { type RunWorker, startRunWorker } from '../queue/run-worker';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { startRun } from '../services/runs';
import { createTestOwner, testRuntime } from '../test-support';
import { startOtlpReceiver } from './otlp-receiver.testing';
import { startTracing, type Tracing } from './tracing';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const databaseUrl = process.env.AGENTRY_TEST_DATABASE_URL;
const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

describe.skipIf(!redisUrl || !databaseUrl)('run traces in queue mode (Redis + PostgreSQL)', () => {
  const names = { queue: `agentry-test-${crypto.randomUUID().slice(0, 8)}` };
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let database: DatabaseHandle;
  let web: Runtime;
  let worker: RunWorker;
  let workerRuntime: Runtime;
  let queue: RunQueue;
  let tracing: Tracing;
  let actor: Actor;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const backend = testBackends().find((candidate) => candidate.name === 'postgres')!;
    database = await backend.open();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
    web = await testRuntime(database, env);
    queue = createRedisRunQueue(redisUrl!, names, { pickupMs: 5_000, idleMs: 30_000 });
    web.runQueue = queue;
    // The worker's own runtime, as `agentry worker` has: it executes runs and queues none.
    workerRuntime = await testRuntime(database, env);
    tracing = (await startTracing(web.config, { serviceName: 'agentry-web' }))!;
    actor = await createTestOwner(web);
    worker = await startRunWorker(workerRuntime, { redisUrl: redisUrl!, names, concurrency: 2 });
  });
  afterAll(async () => {
    await worker?.close();
    await queue?.close();
    await tracing?.shutdown();
    await receiver?.close();
    await database?.close();
  });

  it("carries the request's traceparent in the job: the worker's run span joins the request's trace", async () => {
    const agentId = (await createAgent(web, actor, { name: 'Queued', graph: chatbot })).id;
    const request = tracing.tracer.startSpan('POST /api/v1/agents/[id]/chat');
    const started = await context.with(trace.setSpan(ROOT_CONTEXT, request), () =>
      startRun(web, {
        workspaceId: actor.workspaceId,
        agentId,
        graph: chatbot,
        source: 'preview',
        message: 'Queued hello',
      }),
    );
    let answer = '';
    for await (const event of started.events) if (event.type === 'run-end') answer = event.answer;
    request.end();
    expect(answer).toContain('Queued hello');
    await tracing.forceFlush();

    const spans = receiver.spans.splice(0);
    const run = spans.find((span) => span.name === 'agentry.run')!;
    expect(run).toBeDefined();
    expect(run.traceId).toBe(request.spanContext().traceId);
    expect(run.parentSpanId).toBe(request.spanContext().spanId);
    expect(run.attributes).toMatchObject({
      'agentry.run.id': started.runId,
      'agentry.agent.id': agentId,
      'agentry.run.source': 'preview',
      'agentry.run.status': 'succeeded',
    });
    const runSpans = spans.filter((span) => span.name === 'agentry.node' || span.name.startsWith('chat '));
    expect(runSpans.length).toBeGreaterThan(2);
    expect(runSpans.every((span) => span.traceId === run.traceId)).toBe(true);
  });
});
