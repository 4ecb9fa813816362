import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { runs, triggers } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { publishAgent } from './agent-versions';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { liveRuns } from './live-runs';
import { runJournal } from './run-journal';
import {
  createTrigger,
  scheduleNextRun,
  setTriggerEnabled,
  startTriggeredRun,
  type TriggerAccess,
} from './triggers';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const ORIGIN = 'http://127.0.0.1:3000';

describe('scheduleNextRun', () => {
  it('reads the cron in the time zone and gives nothing for webhooks', () => {
    const from = new Date('2026-03-28T12:00:00Z');
    const config = { cron: '0 9 * * *', timezone: 'Europe/Paris' };
    // The day after, Paris is on summer time: 09:00 there is 07:00 UTC.
    expect(scheduleNextRun({ kind: 'schedule', config }, from)?.toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(scheduleNextRun({ kind: 'webhook', config: {} }, from)).toBeNull();
  });
});

for (const backend of testBackends()) {
  describe(`trigger service on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let access: TriggerAccess;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      access = { workspaceId: owner.workspaceId, role: owner.role, agentIds: null };
    }, 60_000);
    afterAll(async () => {
      while (liveRuns(runtime).size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      await runJournal(runtime).settled();
      await database.close();
    });

    it('pausing clears the next run; resuming computes it from now', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Clock', graph: chatbot })).id;
      const created = await createTrigger(
        runtime,
        access,
        { agentId, kind: 'schedule', name: 'Hourly', config: { cron: '0 * * * *' } },
        ORIGIN,
      );
      expect(created.nextRunAt!.getUTCMinutes()).toBe(0);
      expect(created.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
      const paused = await setTriggerEnabled(runtime, access, created.id, false, ORIGIN);
      expect(paused.nextRunAt).toBeNull();
      // A tick long past, as if the trigger had been paused for days: resuming does not make it up.
      await runtime.db
        .update(triggers)
        .set({ nextRunAt: new Date('2020-01-01') })
        .where(eq(triggers.id, created.id));
      const resumed = await setTriggerEnabled(runtime, access, created.id, true, ORIGIN);
      expect(resumed.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    });

    it('startTriggeredRun runs the published version as source schedule, and refuses without one', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Digest', graph: chatbot })).id;
      const created = await createTrigger(
        runtime,
        access,
        {
          agentId,
          kind: 'schedule',
          name: 'Morning',
          config: { cron: '0 8 * * *', input: 'Summarise the day.' },
        },
        ORIGIN,
      );
      const [row] = await runtime.db.select().from(triggers).where(eq(triggers.id, created.id));
      const unpublished = await startTriggeredRun(runtime, row!, 'x').catch((error: unknown) => error);
      expect(unpublished).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('Publish it first'),
      });
      await publishAgent(runtime, owner, { id: agentId });
      const run = await startTriggeredRun(runtime, row!, 'Summarise the day.');
      for await (const _event of run.live.follow(0)) {
        // to the end
      }
      await runJournal(runtime).settled();
      const [stored] = await runtime.db.select().from(runs).where(eq(runs.id, run.runId));
      expect(stored).toMatchObject({ source: 'schedule', triggerId: created.id, status: 'succeeded' });
      expect(stored!.versionId).toBeTruthy();
      const paused = await startTriggeredRun(runtime, { ...row!, enabled: false }, 'x').catch(
        (error: unknown) => error,
      );
      expect(paused).toMatchObject({ code: 'conflict', message: expect.stringContaining('paused') });
    });
  });
}
