import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime';
import { createAgent } from '../../services/agents';
import { testRuntime } from '../../test-support';
import { callProcedure, ownerAndViewerSessions } from '../call-procedure.testing';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../../examples/chatbot.json'), 'utf8'),
);

for (const backend of testBackends()) {
  describe(`triggers over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let editorSession: string;
    let viewerSession: string;
    let agentId: string;

    const call = <T>(session: string, procedure: string, input: unknown, kind: 'query' | 'mutation') =>
      callProcedure<T>(runtime, session, procedure, input, kind);

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const sessions = await ownerAndViewerSessions(runtime);
      const owner = sessions.owner;
      ({ editorSession, viewerSession } = sessions);
      agentId = (await createAgent(runtime, owner, { name: 'Scheduled', graph: chatbot })).id;
    }, 60_000);
    afterAll(() => database.close());

    it('editors create, pause and rotate; viewers list without URLs and cannot create', async () => {
      const webhook = await call<{ id: string; webhookUrl: string }>(
        editorSession,
        'triggers.create',
        { agentId, kind: 'webhook', name: 'Form', config: { inputTemplate: 'Form: {{body.message}}' } },
        'mutation',
      );
      expect(webhook.status).toBe(200);
      expect(webhook.data.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/api\/hooks\/[A-Za-z0-9_-]{43}$/);

      const refused = await call(
        viewerSession,
        'triggers.create',
        { agentId, kind: 'schedule', name: 'Sneaky', config: { cron: '* * * * *' } },
        'mutation',
      );
      expect(refused.status).toBe(403);
      expect(refused.error).toContain('editor');

      const seen = await call<{ id: string; webhookUrl?: string }[]>(
        viewerSession,
        'triggers.list',
        { agentId },
        'query',
      );
      expect(seen.data.map((trigger) => trigger.id)).toEqual([webhook.data.id]);
      expect(seen.data[0]!.webhookUrl).toBeUndefined();

      const paused = await call<{ enabled: boolean }>(
        editorSession,
        'triggers.setEnabled',
        { id: webhook.data.id, enabled: false },
        'mutation',
      );
      expect(paused.data.enabled).toBe(false);
      const rotated = await call<{ webhookUrl: string }>(
        editorSession,
        'triggers.rotate',
        { id: webhook.data.id },
        'mutation',
      );
      expect(rotated.data.webhookUrl).not.toBe(webhook.data.webhookUrl);
      expect((await call(viewerSession, 'triggers.rotate', { id: webhook.data.id }, 'mutation')).status).toBe(
        403,
      );

      const schedule = await call<{ id: string; nextRunAt: Date }>(
        editorSession,
        'triggers.create',
        { agentId, kind: 'schedule', name: 'Digest', config: { cron: '0 8 * * *', timezone: 'Asia/Tokyo' } },
        'mutation',
      );
      // 08:00 in Tokyo is 23:00 UTC.
      expect(new Date(schedule.data.nextRunAt).getUTCHours()).toBe(23);
      // Settings the service parses per kind are input: a bad cap is a 400 naming its field, not a 500.
      const badCap = await call(
        editorSession,
        'triggers.update',
        { id: schedule.data.id, config: { cron: '0 8 * * *', limits: { runsPerMinute: 0 } } },
        'mutation',
      );
      expect(badCap.status).toBe(400);
      expect(badCap.error).toMatch(/limits\.runsPerMinute/);
      const removed = await call(editorSession, 'triggers.remove', { id: schedule.data.id }, 'mutation');
      expect(removed.status).toBe(200);
    });

    it('preview gives the next 5 runs in the time zone, or what is wrong', async () => {
      const preview = await call<{ nextRuns: Date[]; errors: string[] }>(
        viewerSession,
        'triggers.preview',
        { cron: '*/15 9-17 * * 1-5', timezone: 'Europe/Paris' },
        'query',
      );
      expect(preview.data.errors).toEqual([]);
      expect(preview.data.nextRuns).toHaveLength(5);
      const times = preview.data.nextRuns.map((time) => new Date(time).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const time of times) expect(new Date(time).getUTCMinutes() % 15).toBe(0);
      const bad = await call<{ nextRuns: Date[]; errors: string[] }>(
        viewerSession,
        'triggers.preview',
        { cron: '99 * * * *', timezone: 'UTC' },
        'query',
      );
      expect(bad.data.nextRuns).toEqual([]);
      expect(bad.data.errors[0]).toBeTruthy();
      const zone = await call<{ errors: string[] }>(
        viewerSession,
        'triggers.preview',
        { cron: '0 8 * * *', timezone: 'Mars/Olympus' },
        'query',
      );
      expect(zone.data.errors[0]).toContain('Mars/Olympus');
    });
  });
}
