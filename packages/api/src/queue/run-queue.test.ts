import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import type { EngineEvent } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { startDurableRun } from '../services/durable-runs';
import { loadResumableRun, resumeRun } from '../services/run-resume';
import { runEventsFromStart } from '../services/run-stream';
import { startRun } from '../services/runs';
import { createTestOwner, testRuntime } from '../test-support';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { eventsKey, readStream } from './event-stream';
import { createRedisRunQueue, type RunQueue } from './run-queue';
import { type RunWorker, startRunWorker } from './run-worker';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const refundTemplate = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../templates/refund-with-approval.json'), 'utf8'),
);
const backend = testBackends()[0]!;

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe.skipIf(!redisUrl)('queue mode on Redis (REDIS_URL)', () => {
  const names = { queue: `agentry-test-${crypto.randomUUID().slice(0, 8)}` };
  let database: DatabaseHandle;
  let runtime: Runtime;
  let queue: RunQueue;
  let worker: RunWorker | undefined;
  let actor: Actor;
  let agentId: string;

  beforeAll(async () => {
    database = await backend.open();
    queue = createRedisRunQueue(redisUrl!, names, { pickupMs: 1_500, idleMs: 30_000 });
    runtime = await testRuntime(database);
    runtime.runQueue = queue;
    actor = await createTestOwner(runtime);
    agentId = (await createAgent(runtime, actor, { name: 'Queued', graph: chatbot })).id;
  });

  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await database.close();
  });

  it('says plainly when no worker takes the run, and records it as failed', async () => {
    const run = await startRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'hello',
    });
    const events = await collect(run.events);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'run-error',
      code: 'queue_unavailable',
      message: expect.stringMatching(/agentry worker/),
    });
    const [row] = await database.execute(`select status from runs where id = '${run.runId}'`);
    expect(row).toEqual({ status: 'failed' });
  });

  it('runs through a worker with the same events and records as in-process, keeping memory', async () => {
    worker = await startRunWorker(runtime, { redisUrl: redisUrl!, names, concurrency: 2 });
    const first = await startRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'My name is Ada.',
    });
    const firstEvents = await collect(first.events);
    expect(firstEvents[0]?.type).toBe('run-start');
    expect(firstEvents.at(-1)?.type).toBe('run-end');
    expect(firstEvents.some((event) => event.type === 'node-delta')).toBe(true);

    const second = await startRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      conversationId: first.conversationId,
      message: 'What is my name?',
    });
    const end = (await collect(second.events)).at(-1);
    expect(end).toMatchObject({ type: 'run-end', answer: expect.stringContaining('My name is Ada.') });

    // The same graph in-process gives the same answer: the queue changes where, not what.
    const local = { ...runtime, runQueue: undefined };
    const inProcess = await startRun(local, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'My name is Ada.',
    });
    expect((await collect(inProcess.events)).at(-1)).toMatchObject({
      type: 'run-end',
      answer: (firstEvents.at(-1) as { answer: string }).answer,
    });
    const rows = await database.execute(
      `select status from runs where id in ('${first.runId}', '${second.runId}')`,
    );
    expect(rows).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);
  });

  it('leaves no queued run hanging when its reader stops', async () => {
    const run = await startRun(runtime, {
      workspaceId: actor.workspaceId,
      agentId,
      graph: chatbot,
      source: 'api',
      message: 'Tell me a story.',
    });
    for await (const event of run.events) if (event.type === 'run-start') break;
    const deadline = Date.now() + 10_000;
    let status = 'running';
    while (Date.now() < deadline && status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const [row] = (await database.execute(`select status from runs where id = '${run.runId}'`)) as {
        status: string;
      }[];
      status = row!.status;
    }
    // The offline model may finish before the cancel lands; either way nothing is left running.
    expect(['cancelled', 'succeeded']).toContain(status);
  });
  it("ends a waiting run's job (no worker held), resumes it through the queue, and streams it from Redis", async () => {
    worker ??= await startRunWorker(runtime, { redisUrl: redisUrl!, names, concurrency: 2 });
    const graph = refundTemplate;
    const refundAgent = (await createAgent(runtime, actor, { name: 'Refunds', graph })).id;
    const run = await startDurableRun(
      runtime,
      {
        workspaceId: actor.workspaceId,
        agentId: refundAgent,
        graph,
        source: 'api',
        message: 'Refund order 7 for 20 EUR, it arrived broken.',
      },
      { readerBound: false },
    );
    const untilWait = await collect(run.live.follow(0));
    expect(untilWait.at(-1)?.type).toBe('run-waiting');
    const counter = new Queue(names.queue, {
      connection: new Redis(redisUrl!, { maxRetriesPerRequest: null }),
    });
    expect(await counter.getJobCounts('active', 'waiting')).toEqual({ active: 0, waiting: 0 });

    const waiting = (await loadResumableRun(runtime, run.runId))!;
    expect(waiting.status).toBe('waiting');
    // A web process without a worker of its own: the answer must go through the queue to be run.
    const web = { ...runtime };
    await resumeRun(web, waiting, {
      requestId: waiting.pending!.id,
      choice: 'approve',
      form: { note: 'Sorry!' },
    });
    const events = await collect(runEventsFromStart(web, run.runId));
    const seqs = events.map((event) => event.seq);
    // Stored text is merged per node (one number per merged run of deltas): increasing, never repeated.
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const waitSeq = untilWait.at(-1)!.seq;
    expect(seqs).toContain(waitSeq + 1);
    expect(events.at(-1)?.type).toBe('run-end');
    const redis = new Redis(redisUrl!);
    const streamed = await readStream(redis, eventsKey(names, run.runId));
    // The worker wrote the continued part to the run's Redis stream, after the wait's number.
    expect(streamed.at(-1)).toMatchObject({ type: 'run-end', seq: events.at(-1)!.seq });
    expect(streamed.some((event) => event.seq > untilWait.at(-1)!.seq)).toBe(true);
    redis.disconnect();
    await counter.close();
  });
});
