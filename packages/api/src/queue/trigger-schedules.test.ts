import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { agents, type DatabaseHandle, openDatabase, runs, triggers } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createRuntime, type Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import type { Actor } from '../services/auth';
import { closeSharedState } from '../services/shared-state';
import {
  type StartTriggeredRun,
  startTriggerScheduler,
  syncTriggerSchedule,
  type TriggerRow,
  type TriggerScheduler,
} from '../services/trigger-scheduler';
import {
  createTrigger,
  removeTrigger,
  setTriggerEnabled,
  startTriggeredRun,
  updateTrigger,
} from '../services/triggers';
import { createTestOwner, TEST_SECRET } from '../test-support';
import { type RunWorker, startRunWorker } from './run-worker';
import { reconcileTriggerSchedules, triggerQueueName } from './trigger-schedules';
import { startTriggerWorker, type TriggerWorker } from './trigger-worker';

const redisUrl = process.env.AGENTRY_TEST_REDIS_URL;
const postgres = testBackends().find((backend) => backend.name === 'postgres');
if (!redisUrl || !postgres)
  console.warn(
    'Skipping the schedule tests with two servers (and two workers): set AGENTRY_TEST_DATABASE_URL (and AGENTRY_TEST_REDIS_URL for queue mode).',
  );

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const EVERY_SECOND = { cron: '* * * * * *', timezone: 'UTC', input: 'Tick.', missed: 'skip' as const };
/** A run a schedule started: the tick it stands for, the run and the trigger. */
type Fired = { tick: number; runId: string; triggerId: string };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One process's runtime with its own connection to the shared database. */
async function processRuntime(url: string, env: Record<string, string>, worker: boolean): Promise<Runtime> {
  const database = await openDatabase({ databaseUrl: url, migrate: false });
  const config = loadConfig({
    AGENTRY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'agentry-schedule-')),
    AGENTRY_SECRET: TEST_SECRET,
    DATABASE_URL: url,
    ...env,
  });
  // A worker executes runs itself (like `agentry worker`); a web server queues them when REDIS_URL is set.
  return createRuntime(config, { database, ...(worker ? { runQueue: null } : {}) });
}

/**
 * The real `startTriggeredRun`, noting which tick each run stands for: the claim moved `next_run_at`
 * to the tick after it, and every tick of this cron is one second.
 */
function recordingStart(fired: Fired[]): StartTriggeredRun {
  return async (runtime, trigger, input) => {
    const run = await startTriggeredRun(runtime, trigger, input);
    fired.push({ tick: trigger.nextRunAt!.getTime() - 1000, runId: run.runId, triggerId: trigger.id });
    return run;
  };
}

/** A fresh database with a published offline chatbot, and two schedules every second: one on, one paused. */
async function setUp(runtime: Runtime) {
  const actor: Actor = await createTestOwner(runtime);
  const agentId = (await createAgent(runtime, actor, { name: 'Ticker', graph: chatbot })).id;
  await publishAgent(runtime, actor, { id: agentId });
  const insert = async (enabled: boolean) => {
    const [row] = await runtime.db
      .insert(triggers)
      .values({
        workspaceId: actor.workspaceId,
        agentId,
        kind: 'schedule',
        name: enabled ? 'Every second' : 'Paused',
        enabled,
        config: EVERY_SECOND,
        nextRunAt: new Date(Math.ceil(Date.now() / 1000) * 1000),
      })
      .returning();
    return row!;
  };
  return { on: await insert(true), paused: await insert(false) };
}

async function runsOf(runtime: Runtime, triggerId: string) {
  return runtime.db
    .select({ id: runs.id, source: runs.source, status: runs.status })
    .from(runs)
    .where(eq(runs.triggerId, triggerId));
}

/** Lets the schedule fire for ~4.5 s, pauses it, and checks each tick started exactly one run. */
async function expectOncePerTick(web: Runtime, on: TriggerRow, paused: TriggerRow, fired: Fired[]) {
  await sleep(4_500);
  const [stopped] = await web.db
    .update(triggers)
    .set({ enabled: false })
    .where(eq(triggers.id, on.id))
    .returning();
  await syncTriggerSchedule(web, stopped!);
  await sleep(1_500);
  const countAtPause = fired.length;

  const ticks = fired.map((entry) => entry.tick);
  // No tick twice, and the schedule did fire about once a second (a loaded machine may lose a tick).
  expect(new Set(ticks).size).toBe(ticks.length);
  expect(ticks.every((tick) => tick % 1000 === 0)).toBe(true);
  expect(ticks.length).toBeGreaterThanOrEqual(3);
  expect(ticks.length).toBeLessThanOrEqual(6);
  // Every run in the database was one of those, started by the schedule.
  const stored = await runsOf(web, on.id);
  expect(stored.map((run) => run.id).sort()).toEqual(fired.map((entry) => entry.runId).sort());
  expect(stored.every((run) => run.source === 'schedule')).toBe(true);
  // The paused schedule never fired, and the paused one stays quiet.
  expect(await runsOf(web, paused.id)).toEqual([]);
  await sleep(1_500);
  expect(fired).toHaveLength(countAtPause);
}

describe.skipIf(!postgres)('one process per server (no Redis): two servers on one PostgreSQL', () => {
  let database: DatabaseHandle;
  const runtimes: Runtime[] = [];
  const schedulers: TriggerScheduler[] = [];

  beforeAll(async () => {
    database = await postgres!.open();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    await Promise.all(runtimes.map((runtime) => runtime.database.close()));
    await database.close();
  });

  it('fires a schedule every second once per tick, and never a paused one', async () => {
    const [webA, webB] = [
      await processRuntime(database.location, {}, false),
      await processRuntime(database.location, {}, false),
    ];
    runtimes.push(webA, webB);
    const { on, paused } = await setUp(webA);
    const fired: Fired[] = [];
    for (const web of [webA, webB]) {
      const scheduler = await startTriggerScheduler(web, { pollMs: 200, start: recordingStart(fired) });
      expect(scheduler.mode).toBe('one-process');
      schedulers.push(scheduler);
    }
    await expectOncePerTick(webA, on, paused, fired);
  }, 30_000);
});

describe.skipIf(!postgres || !redisUrl)(
  'queue mode: two web servers and two workers on PostgreSQL and Redis',
  () => {
    let database: DatabaseHandle;
    const queueName = `agentry-test-${crypto.randomUUID().slice(0, 8)}`;
    const env = { REDIS_URL: redisUrl!, AGENTRY_QUEUE_NAME: queueName };
    const webs: Runtime[] = [];
    const workerRuntimes: Runtime[] = [];
    const workers: (RunWorker | TriggerWorker)[] = [];
    const schedulers: TriggerScheduler[] = [];
    const fired: Fired[] = [];
    let ticks: Queue;

    beforeAll(async () => {
      database = await postgres!.open();
      ticks = new Queue(triggerQueueName({ queue: queueName }), { connection: { url: redisUrl! } });
      for (let index = 0; index < 2; index++) {
        webs.push(await processRuntime(database.location, env, false));
        const runtime = await processRuntime(database.location, env, true);
        workerRuntimes.push(runtime);
        const names = { queue: queueName };
        workers.push(await startRunWorker(runtime, { redisUrl: redisUrl!, names, concurrency: 4 }));
        workers.push(
          await startTriggerWorker(runtime, { redisUrl: redisUrl!, names, start: recordingStart(fired) }),
        );
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      await Promise.all(workers.map((worker) => worker.close()));
      await ticks.obliterate({ force: true }).catch(() => undefined);
      await ticks.close();
      for (const runtime of [...webs, ...workerRuntimes]) {
        await runtime.runQueue?.close();
        await closeSharedState(runtime);
        await runtime.database.close();
      }
      await database.close();
    }, 30_000);

    it('fires a schedule every second once per tick, and never a paused one', async () => {
      const { on, paused } = await setUp(webs[0]!);
      // Both servers start (each reconciles Redis with the database); the trigger was saved before.
      for (const web of webs) {
        const scheduler = await startTriggerScheduler(web);
        expect(scheduler.mode).toBe('queue');
        schedulers.push(scheduler);
      }
      expect(await ticks.getJobScheduler(on.id)).toMatchObject({ pattern: '* * * * * *', tz: 'UTC' });
      expect(await ticks.getJobScheduler(paused.id)).toBeUndefined();
      await expectOncePerTick(webs[1]!, on, paused, fired);
      // Pausing removed its scheduler.
      expect(await ticks.getJobScheduler(on.id)).toBeUndefined();
      // The runs ran on the workers to their end.
      for (let attempt = 0; attempt < 100; attempt++) {
        const stored = await runsOf(webs[0]!, on.id);
        if (stored.every((run) => run.status === 'succeeded')) break;
        await sleep(100);
      }
      expect((await runsOf(webs[0]!, on.id)).map((run) => run.status)).toEqual(fired.map(() => 'succeeded'));
    }, 30_000);

    it('keeps schedulers in step through the trigger service; a deleted one goes, also when left behind', async () => {
      const [web] = webs;
      const [agent] = await web!.db.select({ id: agents.id, workspaceId: agents.workspaceId }).from(agents);
      const access = { workspaceId: agent!.workspaceId, role: 'owner' as const, agentIds: null };
      const origin = 'http://127.0.0.1:3000';
      const created = await createTrigger(
        web!,
        access,
        {
          agentId: agent!.id,
          kind: 'schedule',
          name: 'Nightly',
          config: { cron: '0 2 * * *', timezone: 'Europe/Paris' },
        },
        origin,
      );
      expect(await ticks.getJobScheduler(created.id)).toMatchObject({
        pattern: '0 2 * * *',
        tz: 'Europe/Paris',
      });
      await updateTrigger(
        web!,
        access,
        { id: created.id, config: { cron: '30 3 * * *', timezone: 'UTC' } },
        origin,
      );
      expect(await ticks.getJobScheduler(created.id)).toMatchObject({ pattern: '30 3 * * *', tz: 'UTC' });
      await setTriggerEnabled(web!, access, created.id, false, origin);
      expect(await ticks.getJobScheduler(created.id)).toBeUndefined();
      await setTriggerEnabled(web!, access, created.id, true, origin);
      expect(await ticks.getJobScheduler(created.id)).toBeDefined();
      await removeTrigger(web!, access, created.id);
      expect(await ticks.getJobScheduler(created.id)).toBeUndefined();

      // A scheduler whose trigger was deleted while Redis was away goes when a server reconciles.
      await ticks.upsertJobScheduler(
        'gone-trigger',
        { pattern: '0 8 * * *', tz: 'UTC' },
        { name: 'trigger', data: { triggerId: 'gone-trigger' } },
      );
      await reconcileTriggerSchedules(web!);
      expect(await ticks.getJobScheduler('gone-trigger')).toBeUndefined();
    }, 30_000);

    it('makes up a tick missed while Redis had no scheduler once under run_once, and not under skip', async () => {
      const [webA, webB] = webs;
      const [agent] = await webA!.db.select({ id: agents.id, workspaceId: agents.workspaceId }).from(agents);
      const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
      const insert = async (missed: 'run_once' | 'skip') => {
        const [row] = await webA!.db
          .insert(triggers)
          .values({
            workspaceId: agent!.workspaceId,
            agentId: agent!.id,
            kind: 'schedule',
            name: `Hourly ${missed}`,
            config: { cron: '0 * * * *', timezone: 'UTC', input: 'Catch up.', missed },
            nextRunAt: twoHoursAgo,
          })
          .returning();
        return row!;
      };
      const [runOnce, skip] = [await insert('run_once'), await insert('skip')];
      // Both servers start after the outage (Redis was emptied meanwhile: no scheduler for either).
      await Promise.all([reconcileTriggerSchedules(webA!), reconcileTriggerSchedules(webB!)]);
      const firedFor = (id: string) => fired.filter((entry) => entry.triggerId === id);
      for (let attempt = 0; attempt < 100; attempt++) {
        if (firedFor(runOnce.id).length > 0) break;
        await sleep(100);
      }
      await sleep(1_000);
      expect(firedFor(runOnce.id)).toHaveLength(1);
      expect(firedFor(skip.id)).toHaveLength(0);
      // Both go on from the next hour; a later start finds nothing missed.
      const [after] = await webA!.db.select().from(triggers).where(eq(triggers.id, runOnce.id));
      expect(after!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
      await reconcileTriggerSchedules(webA!);
      await sleep(1_000);
      expect(firedFor(runOnce.id)).toHaveLength(1);
      expect(await ticks.getJobScheduler(skip.id)).toMatchObject({ pattern: '0 * * * *' });
    }, 30_000);
  },
);
