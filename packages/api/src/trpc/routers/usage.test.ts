import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { collectRun } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime';
import { createAgent } from '../../services/agents';
import { runJournal } from '../../services/run-journal';
import { startRun } from '../../services/runs';
import type { UsageCsv, UsageSummary } from '../../services/usage-types';
import { testRuntime } from '../../test-support';
import { callProcedure, ownerAndViewerSessions } from '../call-procedure.testing';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../../examples/chatbot.json'), 'utf8'),
);

for (const backend of testBackends()) {
  describe(`usage over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let viewerSession: string;
    let agentId: string;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const sessions = await ownerAndViewerSessions(runtime);
      const owner = sessions.owner;
      viewerSession = sessions.viewerSession;
      agentId = (await createAgent(runtime, owner, { name: 'Counted', graph: chatbot })).id;
      const started = await startRun(runtime, {
        workspaceId: owner.workspaceId,
        agentId,
        graph: chatbot,
        source: 'mcp',
        message: 'Count me',
      });
      await collectRun(started.events);
      await runJournal(runtime).settled();
    }, 60_000);
    afterAll(async () => {
      await runJournal(runtime).settled();
      await database.close();
    });

    it('viewers read the summary and the CSV; strangers and bad ranges are refused', async () => {
      const summary = await callProcedure<UsageSummary>(
        runtime,
        viewerSession,
        'usage.summary',
        { range: '24h', agentId },
        'query',
      );
      expect(summary.status).toBe(200);
      expect(summary.data?.totals.runs).toBe(1);
      expect(summary.data?.by.source.map((row) => row.key)).toEqual(['mcp']);
      const csv = await callProcedure<UsageCsv>(
        runtime,
        viewerSession,
        'usage.exportCsv',
        { range: '7d' },
        'query',
      );
      expect(csv.data?.text.split('\r\n')).toHaveLength(1 + 2 + 1);
      const anonymous = await callProcedure(
        runtime,
        crypto.randomUUID(),
        'usage.summary',
        { range: '24h' },
        'query',
      );
      expect(anonymous.status).toBe(401);
      const badRange = await callProcedure(runtime, viewerSession, 'usage.summary', { range: '1y' }, 'query');
      expect(badRange.status).toBe(400);
      const unknown = await callProcedure(
        runtime,
        viewerSession,
        'usage.summary',
        { range: '24h', agentId: 'not-an-agent' },
        'query',
      );
      expect(unknown.status).toBe(404);
    });
  });
}
