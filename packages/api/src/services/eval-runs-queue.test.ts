import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { runs } from '@agentry/db';
import { inArray } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRunQueue, type RunQueue } from '../queue/run-queue';
import { type RunWorker, startRunWorker } from '../queue/run-worker';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { runAgentEval } from './eval-runs';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

describe.skipIf(!redisUrl)('eval runs in queue mode (REDIS_URL)', () => {
  const names = { queue: `agentry-test-${crypto.randomUUID().slice(0, 8)}` };
  let database: DatabaseHandle;
  let runtime: Runtime;
  let queue: RunQueue;
  let worker: RunWorker;
  let actor: Actor;

  beforeAll(async () => {
    database = await testBackends()[0]!.open();
    queue = createRedisRunQueue(redisUrl!, names, { pickupMs: 5_000, idleMs: 30_000 });
    runtime = await testRuntime(database);
    runtime.runQueue = queue;
    actor = await createTestOwner(runtime);
    worker = await startRunWorker(runtime, { redisUrl: redisUrl!, names, concurrency: 2 });
  });
  afterAll(async () => {
    await worker.close();
    await queue.close();
    await database.close();
  });

  it('hands each case to a worker as a run with source eval, and records the results here', async () => {
    const agentId = (await createAgent(runtime, actor, { name: 'Queued tests', graph: chatbot })).id;
    const { results } = await runAgentEval(runtime, actor, {
      agentId,
      target: 'draft',
      cases: [
        { name: 'echoes', input: 'Queued', expect: [{ contains: 'You said: "Queued"' }] },
        { name: 'fails', input: 'Queued too', expect: [{ equals: 'no' }] },
      ],
    });
    expect(results.map((result) => result.passed)).toEqual([true, false]);
    const rows = await runtime.db
      .select({ source: runs.source, status: runs.status })
      .from(runs)
      .where(
        inArray(
          runs.id,
          results.map((result) => result.runId!),
        ),
      );
    expect(rows).toEqual([
      { source: 'eval', status: 'succeeded' },
      { source: 'eval', status: 'succeeded' },
    ]);
  });
});
