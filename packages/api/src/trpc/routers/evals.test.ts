import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime';
import { createAgent } from '../../services/agents';
import { runJournal } from '../../services/run-journal';
import { testRuntime } from '../../test-support';
import { callProcedure, ownerAndViewerSessions } from '../call-procedure.testing';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../../examples/chatbot.json'), 'utf8'),
);

for (const backend of testBackends()) {
  describe(`evals over tRPC on ${backend.name}`, () => {
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
      agentId = (await createAgent(runtime, owner, { name: 'Tested', graph: chatbot })).id;
    }, 60_000);
    afterAll(async () => {
      await runJournal(runtime).settled();
      await database.close();
    });

    it('editors save and run cases; viewers read but cannot save or run; bad input is named', async () => {
      const saved = await call<{ id: string }>(
        editorSession,
        'evals.saveCase',
        { agentId, name: 'Echo', input: 'Ping', expect: [{ contains: 'Ping' }] },
        'mutation',
      );
      expect(saved.status).toBe(200);
      const refused = await call(
        viewerSession,
        'evals.saveCase',
        { agentId, name: 'Sneaky', input: 'x', expect: [] },
        'mutation',
      );
      expect(refused.status).toBe(403);
      expect(
        (await call(viewerSession, 'evals.startRun', { agentId, target: 'draft' }, 'mutation')).status,
      ).toBe(403);
      const listed = await call<{ name: string }[]>(viewerSession, 'evals.listCases', { agentId }, 'query');
      expect(listed.data.map((row) => row.name)).toEqual(['Echo']);

      const badKind = await call(
        editorSession,
        'evals.saveCase',
        { agentId, name: 'Bad', input: 'x', expect: [{ sounds: 'nice' }] },
        'mutation',
      );
      expect(badKind.status).toBe(400);
      expect(badKind.error).toMatch(/expect/);
      const tooFast = await call(
        editorSession,
        'evals.startRun',
        { agentId, target: 'draft', concurrency: 11 },
        'mutation',
      );
      expect(tooFast.status).toBe(400);

      const started = await call<{ evalRunId: string }>(
        editorSession,
        'evals.startRun',
        { agentId, target: 'draft' },
        'mutation',
      );
      expect(started.status).toBe(200);
      let status = 'running';
      for (let tries = 0; tries < 400 && status === 'running'; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const read = await call<{ run: { status: string; passed: number } }>(
          viewerSession,
          'evals.getRun',
          { id: started.data.evalRunId },
          'query',
        );
        status = read.data.run.status;
        if (status !== 'running') expect(read.data.run.passed).toBe(1);
      }
      expect(status).toBe('done');
      const unknown = await call(
        viewerSession,
        'evals.getRun',
        { id: '00000000-0000-4000-8000-000000000000' },
        'query',
      );
      expect(unknown.status).toBe(404);
    });
  });
}
