import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { triggers } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimScheduledTick } from '../queue/trigger-schedules';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { scheduleConfigSchema } from './trigger-config';
import { nextFire, planTick, previousFire, runDueSchedules, type TriggerRow } from './trigger-scheduler';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

/** 08:00 every day in Paris; 2026-03-10 is in winter time (UTC+1), so it fires at 07:00 UTC. */
const daily = scheduleConfigSchema.parse({ cron: '0 8 * * *', timezone: 'Europe/Paris' });
const at = (iso: string) => new Date(iso);

describe('planTick: what a due tick does', () => {
  it('runs an on-time tick and moves to the following one', () => {
    expect(planTick(daily, at('2026-03-10T07:00:00Z'), at('2026-03-10T07:00:00.800Z'))).toEqual({
      run: true,
      missed: false,
      nextRunAt: at('2026-03-11T07:00:00Z'),
    });
  });

  it('runs one for ticks missed while down (run_once), then the first tick after now', () => {
    expect(planTick(daily, at('2026-03-07T07:00:00Z'), at('2026-03-10T12:00:00Z'))).toEqual({
      run: true,
      missed: true,
      nextRunAt: at('2026-03-11T07:00:00Z'),
    });
  });

  it('runs none for missed ticks under skip, and still moves on', () => {
    const skip = { ...daily, missed: 'skip' as const };
    expect(planTick(skip, at('2026-03-07T07:00:00Z'), at('2026-03-10T12:00:00Z'))).toEqual({
      run: false,
      missed: true,
      nextRunAt: at('2026-03-11T07:00:00Z'),
    });
  });

  it('reads the cron in its time zone, and finds the previous due time', () => {
    // After the switch to summer time (29 March) 08:00 in Paris is 06:00 UTC.
    expect(nextFire(daily, at('2026-03-30T00:00:00Z'))).toEqual(at('2026-03-30T06:00:00Z'));
    expect(previousFire(daily, at('2026-03-10T07:00:00Z'))).toEqual(at('2026-03-10T07:00:00Z'));
    expect(previousFire(daily, at('2026-03-10T06:59:59Z'))).toEqual(at('2026-03-09T07:00:00Z'));
  });
});

for (const backend of testBackends()) {
  describe(`schedule claims on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let second: Runtime;
    let actor: Actor;
    let agentId: string;
    /** Runs the scheduler asked for: trigger id and input, in order. */
    let started: { runtime: Runtime; triggerId: string; input: string }[] = [];
    const start = async (target: Runtime, trigger: TriggerRow, input: string) => {
      started.push({ runtime: target, triggerId: trigger.id, input });
    };

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      // A second web server on the same database.
      second = await testRuntime(database);
      actor = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, actor, { name: 'Digest', graph: chatbot })).id;
    }, 60_000);
    afterAll(() => database.close());

    async function schedule(
      values: { nextRunAt: Date | null; enabled?: boolean; missed?: 'run_once' | 'skip' },
      cron = '0 8 * * *',
    ): Promise<string> {
      const [row] = await runtime.db
        .insert(triggers)
        .values({
          workspaceId: actor.workspaceId,
          agentId,
          kind: 'schedule',
          name: 'Morning digest',
          enabled: values.enabled ?? true,
          config: { cron, timezone: 'Europe/Paris', input: 'Summarise the mailbox.', missed: values.missed },
          nextRunAt: values.nextRunAt,
        })
        .returning({ id: triggers.id });
      return row!.id;
    }

    async function row(id: string) {
      const [found] = await runtime.db.select().from(triggers).where(eq(triggers.id, id));
      return found!;
    }

    /** Pauses every schedule so the next test sees only its own. */
    async function pauseAll() {
      await runtime.db.update(triggers).set({ enabled: false });
      started = [];
    }

    it('fires a due schedule once, even with two servers claiming at the same moment', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: at('2026-03-10T07:00:00Z') });
      // Not yet due.
      expect(await runDueSchedules(runtime, { now: at('2026-03-10T06:59:59Z'), start })).toEqual([]);
      const now = at('2026-03-10T07:00:00.400Z');
      const [first, other] = await Promise.all([
        runDueSchedules(runtime, { now, start }),
        runDueSchedules(second, { now, start }),
      ]);
      expect([...first, ...other]).toEqual([id]);
      expect(started).toEqual([
        { runtime: expect.anything(), triggerId: id, input: 'Summarise the mailbox.' },
      ]);
      const after = await row(id);
      expect(after.nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
      expect(after.lastRunAt).toEqual(now);
      // The same moment again: already moved on.
      expect(await runDueSchedules(second, { now, start })).toEqual([]);
      expect(started).toHaveLength(1);
    });

    it('runs one run for days missed while down under run_once', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: at('2026-03-07T07:00:00Z'), missed: 'run_once' });
      const now = at('2026-03-10T12:00:00Z');
      expect(await runDueSchedules(runtime, { now, start })).toEqual([id]);
      expect(await runDueSchedules(runtime, { now, start })).toEqual([]);
      expect(started).toHaveLength(1);
      expect((await row(id)).nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
    });

    it('only moves on past days missed while down under skip', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: at('2026-03-07T07:00:00Z'), missed: 'skip' });
      const now = at('2026-03-10T12:00:00Z');
      expect(await runDueSchedules(runtime, { now, start })).toEqual([]);
      expect(started).toEqual([]);
      const after = await row(id);
      expect(after.nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
      expect(after.lastRunAt).toBeNull();
      // The next tick on time does run.
      expect(await runDueSchedules(runtime, { now: at('2026-03-11T07:00:01Z'), start })).toEqual([id]);
    });

    it('never fires a paused schedule, nor moves it', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: at('2026-03-10T07:00:00Z'), enabled: false });
      expect(await runDueSchedules(runtime, { now: at('2026-03-12T07:00:00Z'), start })).toEqual([]);
      expect(started).toEqual([]);
      expect((await row(id)).nextRunAt).toEqual(at('2026-03-10T07:00:00Z'));
    });

    it('gives a schedule without a next run one, without running it', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: null });
      expect(await runDueSchedules(runtime, { now: at('2026-03-10T12:00:00Z'), start })).toEqual([]);
      expect((await row(id)).nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
    });

    it('keeps the claim when next_run_at was written with microseconds', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: null });
      await database.execute(
        `update triggers set next_run_at = '2026-03-10T07:00:00.123456Z' where id = '${id}'`,
      );
      expect(await runDueSchedules(runtime, { now: at('2026-03-10T07:00:01Z'), start })).toEqual([id]);
    });

    it('queue mode: a tick delivered twice claims one run; paused and late-under-skip claim none', async () => {
      await pauseAll();
      const id = await schedule({ nextRunAt: at('2026-03-10T07:00:00Z') });
      const tick = at('2026-03-10T07:00:00Z');
      const now = at('2026-03-10T07:00:00.200Z');
      const [first, again] = await Promise.all([
        claimScheduledTick(runtime, id, tick, now),
        claimScheduledTick(second, id, tick, now),
      ]);
      expect([first, again].filter(Boolean)).toHaveLength(1);
      expect((first ?? again)?.input).toBe('Summarise the mailbox.');
      expect((await row(id)).nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
      // The next day's tick claims again.
      expect(
        await claimScheduledTick(runtime, id, at('2026-03-11T07:00:00Z'), at('2026-03-11T07:00:01Z')),
      ).toBeDefined();

      await runtime.db.update(triggers).set({ enabled: false }).where(eq(triggers.id, id));
      expect(
        await claimScheduledTick(runtime, id, at('2026-03-12T07:00:00Z'), at('2026-03-12T07:00:01Z')),
      ).toBeUndefined();

      const skipping = await schedule({ nextRunAt: at('2026-03-07T07:00:00Z'), missed: 'skip' });
      // BullMQ hands over the tick of 7 March only on the 10th (no worker was up): skipped, moved on.
      expect(
        await claimScheduledTick(runtime, skipping, at('2026-03-07T07:00:00Z'), at('2026-03-10T12:00:00Z')),
      ).toBeUndefined();
      expect((await row(skipping)).nextRunAt).toEqual(at('2026-03-11T07:00:00Z'));
      expect(await claimScheduledTick(runtime, 'no-such-trigger', tick, now)).toBeUndefined();
    });
  });
}
