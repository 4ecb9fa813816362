import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { evalResults, evalRuns, runs, workspaces } from '@agentry/db';
import { eq, inArray } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { publishAgent } from './agent-versions';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { saveEvalCase } from './eval-cases';
import { compareEvalRuns, evalPassRates } from './eval-compare';
import { evalPublishCheck } from './eval-publish-check';
import { recoverEvalRuns } from './eval-run-rows';
import { cancelEvalRun, getEvalRun, listEvalRuns, runAgentEval, startEvalRun } from './eval-runs';
import { saveEvalSettings } from './eval-settings';
import { runJournal } from './run-journal';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

for (const backend of testBackends()) {
  describe(`eval runs on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let stranger: Actor;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Elsewhere' }).returning();
      stranger = { ...owner, workspaceId: other!.id, role: 'owner' };
    }, 60_000);
    afterAll(async () => {
      await runJournal(runtime).settled();
      await database.close();
    });

    /** Waits for a background eval run to leave `running`. */
    async function finished(id: string) {
      for (let tries = 0; tries < 400; tries++) {
        const read = await getEvalRun(runtime, owner, id);
        if (read.run.status !== 'running') return read;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`Eval run ${id} did not finish.`);
    }

    it('runs the draft: a passing and a failing case recorded in order, as eval runs', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Echo', graph: chatbot })).id;
      const echo = await saveEvalCase(runtime, owner, {
        agentId,
        name: 'Echoes',
        input: 'Ping',
        expect: [{ contains: 'You said: "Ping"' }],
      });
      const refund = await saveEvalCase(runtime, owner, {
        agentId,
        name: 'Knows refunds',
        input: 'Where is my refund?',
        expect: [{ contains: 'refund policy' }, { maxTokens: 100_000 }],
      });
      await expect(startEvalRun(runtime, stranger, { agentId, target: 'draft' })).rejects.toMatchObject({
        code: 'not_found',
      });

      const { evalRunId } = await startEvalRun(runtime, owner, { agentId, target: 'draft', concurrency: 2 });
      const { run, results } = await finished(evalRunId);
      expect(run).toMatchObject({
        status: 'done',
        total: 2,
        passed: 1,
        failed: 1,
        versionId: null,
        draftRevision: 1,
        concurrency: 2,
        createdBy: 'Owner',
      });
      expect(run.finishedAt).toBeInstanceOf(Date);
      expect(results.map((row) => [row.position, row.caseId, row.passed])).toEqual([
        [0, echo.id, true],
        [1, refund.id, false],
      ]);
      expect(results[1]!.expectations.map((check) => [check.kind, check.passed])).toEqual([
        ['contains', false],
        ['maxTokens', true],
      ]);
      expect(results[0]!.answer).toContain('You said: "Ping"');
      expect(results[0]!.costUsd).toBe(0);
      expect(results[0]!.outcome.status).toBe('done');

      await runJournal(runtime).settled();
      const caseRuns = await runtime.db
        .select({ source: runs.source, conversationId: runs.conversationId })
        .from(runs)
        .where(
          inArray(
            runs.id,
            results.map((row) => row.runId!),
          ),
        );
      expect(caseRuns.map((row) => row.source)).toEqual(['eval', 'eval']);
      expect(new Set(caseRuns.map((row) => row.conversationId)).size).toBe(2);

      expect((await listEvalRuns(runtime, owner, { agentId })).map((row) => row.id)).toEqual([evalRunId]);
      await expect(getEvalRun(runtime, stranger, evalRunId)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('a case that stops to wait for a person is an error, and its run is cancelled, not left waiting', async () => {
      const approvalGraph = JSON.parse(
        readFileSync(path.resolve(import.meta.dirname, '../templates/refund-with-approval.json'), 'utf8'),
      );
      const agentId = (await createAgent(runtime, owner, { name: 'Asks first', graph: approvalGraph })).id;
      await saveEvalCase(runtime, owner, {
        agentId,
        name: 'Refund',
        input: 'Please refund order 1042: the kettle arrived broken, it cost 39.90.',
        expect: [{ contains: 'refund' }],
      });
      const { evalRunId } = await startEvalRun(runtime, owner, { agentId, target: 'draft' });
      const { run, results } = await finished(evalRunId);
      expect(run).toMatchObject({ status: 'done', total: 1, passed: 0, failed: 1 });
      expect(results[0]!.error).toMatch(/wait/i);
      expect(results[0]!.outcome.status).toBe('waiting');
      await runJournal(runtime).settled();
      const [caseRun] = await runtime.db
        .select({ status: runs.status, pending: runs.pending })
        .from(runs)
        .where(eq(runs.id, results[0]!.runId!));
      expect(caseRun).toEqual({ status: 'cancelled', pending: null });
    });

    it('compares two runs case by case and charts their pass rates', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Compared', graph: chatbot })).id;
      const a = await saveEvalCase(runtime, owner, {
        agentId,
        name: 'A',
        input: 'One',
        expect: [{ contains: 'One' }],
      });
      const b = await saveEvalCase(runtime, owner, {
        agentId,
        name: 'B',
        input: 'Two',
        expect: [{ contains: 'nope' }],
      });
      const c = await saveEvalCase(runtime, owner, { agentId, name: 'C', input: 'Three', expect: [] });
      const d = await saveEvalCase(runtime, owner, { agentId, name: 'D', input: 'Four', expect: [] });
      const first = await runAgentEval(runtime, owner, { agentId, target: 'draft' });

      await saveEvalCase(runtime, owner, {
        agentId,
        id: a.id,
        name: 'A',
        input: 'One',
        expect: [{ contains: 'nope' }],
      });
      await saveEvalCase(runtime, owner, {
        agentId,
        id: b.id,
        name: 'B',
        input: 'Two',
        expect: [{ contains: 'Two' }],
      });
      await saveEvalCase(runtime, owner, {
        agentId,
        id: c.id,
        name: 'C',
        input: 'Three and more',
        expect: [],
      });
      const second = await runAgentEval(runtime, owner, {
        agentId,
        target: 'draft',
        caseIds: [a.id, b.id, c.id],
      });
      const compared = await compareEvalRuns(runtime, owner, { a: first.evalRunId, b: second.evalRunId });
      expect(compared.rows.map((row) => [row.name, row.change])).toEqual([
        ['A', 'newly-failing'],
        ['B', 'newly-passing'],
        ['C', 'answer-changed'],
        ['D', 'only-a'],
      ]);
      expect(compared.rows[3]!.caseId).toBe(d.id);
      const reversed = await compareEvalRuns(runtime, owner, { a: second.evalRunId, b: first.evalRunId });
      expect(reversed.rows.find((row) => row.name === 'D')?.change).toBe('only-b');

      const other = (await createAgent(runtime, owner, { name: 'Other', graph: chatbot })).id;
      await saveEvalCase(runtime, owner, { agentId: other, name: 'X', input: 'x' });
      const elsewhere = await runAgentEval(runtime, owner, { agentId: other, target: 'draft' });
      await expect(
        compareEvalRuns(runtime, owner, { a: first.evalRunId, b: elsewhere.evalRunId }),
      ).rejects.toMatchObject({ code: 'bad_request' });
      await expect(
        compareEvalRuns(runtime, stranger, { a: first.evalRunId, b: second.evalRunId }),
      ).rejects.toMatchObject({ code: 'not_found' });

      // One point per draft revision: the latest of revision 1 (3 cases, 2 passing).
      const rates = await evalPassRates(runtime, owner, agentId);
      expect(rates).toEqual([
        expect.objectContaining({
          label: 'draft r1',
          evalRunId: second.evalRunId,
          total: 3,
          versionId: null,
        }),
      ]);
      expect(rates[0]!.passRate).toBeCloseTo(2 / 3);
    });

    it('refuses to publish while the current draft has no passing run, and allows it after one', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Gated', graph: chatbot })).id;
      const failing = await saveEvalCase(runtime, owner, {
        agentId,
        name: 'Fails',
        input: 'Hi there',
        expect: [{ equals: 'something else' }],
      });
      await saveEvalSettings(runtime, owner, {
        agentId,
        requirePassingTests: true,
        judge: null,
        concurrency: 3,
      });
      await expect(publishAgent(runtime, owner, { id: agentId })).rejects.toThrow(/has not been tested/);

      await runAgentEval(runtime, owner, { agentId, target: 'draft' });
      const refused = await publishAgent(runtime, owner, { id: agentId }).catch((error: Error) => error);
      expect(refused).toMatchObject({ code: 'conflict' });
      expect((refused as Error).message).toMatch(/1 of 1 test\(s\) fail on draft revision 1/);
      expect(await evalPublishCheck(runtime, owner, agentId)).toMatchObject({
        blocked: true,
        requirePassingTests: true,
        draft: { failed: 1 },
        published: null,
      });

      await saveEvalCase(runtime, owner, {
        agentId,
        id: failing.id,
        name: 'Greets',
        input: 'Hi there',
        expect: [{ contains: 'Offline model' }],
      });
      const passing = await runAgentEval(runtime, owner, { agentId, target: 'draft' });
      const version = await publishAgent(runtime, owner, { id: agentId });
      expect(version).toMatchObject({ version: 1, draftRevision: 1 });
      // Right after publishing, the run of the revision it came from is the version's result.
      expect(await evalPublishCheck(runtime, owner, agentId)).toMatchObject({
        draft: { id: passing.evalRunId },
        published: { id: passing.evalRunId },
      });

      // The published version's own run is the baseline the next draft is compared with.
      await runAgentEval(runtime, owner, { agentId, target: 'published' });
      const check = await evalPublishCheck(runtime, owner, agentId);
      expect(check).toMatchObject({
        blocked: false,
        draft: { id: passing.evalRunId },
        published: { versionId: version.id, version: 1 },
        newlyFailing: [],
        newlyPassing: [],
      });
      expect((await evalPassRates(runtime, owner, agentId)).map((point) => point.label)).toEqual([
        'draft r1',
        'v1',
      ]);
    });

    it('runAgentEval runs given cases (a case file) and records them without stored cases', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'File', graph: chatbot })).id;
      const seen: number[] = [];
      const { evalRunId, results } = await runAgentEval(runtime, owner, {
        agentId,
        target: 'draft',
        concurrency: 1,
        cases: [
          { name: 'first', input: 'Alpha', expect: [{ contains: 'Alpha' }] },
          { name: 'second', input: [{ role: 'user', content: 'Beta' }], expect: [{ regex: '^Nope' }] },
          { name: 'third', input: 'Gamma', expect: [] },
        ],
        onResult: (_result, index) => seen.push(index),
      });
      expect(results.map((result) => [result.name, result.passed])).toEqual([
        ['first', true],
        ['second', false],
        ['third', true],
      ]);
      expect(seen).toEqual([0, 1, 2]);
      const stored = await runtime.db
        .select({ caseId: evalResults.caseId, position: evalResults.position })
        .from(evalResults)
        .where(eq(evalResults.evalRunId, evalRunId));
      expect(stored.map((row) => row.caseId)).toEqual([null, null, null]);
      const [row] = await runtime.db.select().from(evalRuns).where(eq(evalRuns.id, evalRunId));
      expect(row).toMatchObject({ status: 'done', total: 3, passed: 2, failed: 1, concurrency: 1 });
      await expect(
        runAgentEval(runtime, owner, {
          agentId,
          target: 'published',
          cases: [{ name: 'x', input: 'x', expect: [] }],
        }),
      ).rejects.toThrow(/no published version/);
      await expect(runAgentEval(runtime, owner, { agentId, target: 'draft' })).rejects.toThrow(
        /no test cases/,
      );
    });

    it('marks a running eval run nobody touches interrupted, and cancels one run elsewhere', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Stale', graph: chatbot })).id;
      const base = { workspaceId: owner.workspaceId, agentId, total: 3, concurrency: 1, draftRevision: 1 };
      const [stale] = await runtime.db
        .insert(evalRuns)
        .values({ ...base, status: 'running', passed: 1, updatedAt: new Date(Date.now() - 120_000) })
        .returning();
      const [fresh] = await runtime.db
        .insert(evalRuns)
        .values({ ...base, status: 'running' })
        .returning();
      const otherAgent = (await createAgent(runtime, owner, { name: 'Stale too', graph: chatbot })).id;
      const [elsewhereStale] = await runtime.db
        .insert(evalRuns)
        .values({
          ...base,
          agentId: otherAgent,
          status: 'running',
          updatedAt: new Date(Date.now() - 120_000),
        })
        .returning();

      const listed = await listEvalRuns(runtime, owner, { agentId });
      expect(listed.find((run) => run.id === stale!.id)).toMatchObject({ status: 'interrupted', passed: 1 });
      expect(listed.find((run) => run.id === fresh!.id)?.status).toBe('running');

      // Only the other agent's stale run is left for the sweep at start-up.
      expect(await recoverEvalRuns(runtime)).toEqual([elsewhereStale!.id]);

      await expect(cancelEvalRun(runtime, stranger, fresh!.id)).rejects.toMatchObject({ code: 'not_found' });
      expect(await cancelEvalRun(runtime, owner, fresh!.id)).toMatchObject({ status: 'cancelled' });
    });

    it('refuses a fourth running eval run in a workspace; a stale one does not hold a place', async () => {
      const agentId = (await createAgent(runtime, owner, { name: 'Busy', graph: chatbot })).id;
      await saveEvalCase(runtime, owner, { agentId, name: 'Echo', input: 'Hi', expect: [] });
      // Settle other tests' runs of this workspace first: only these rows may count.
      await runtime.db
        .update(evalRuns)
        .set({ status: 'done' })
        .where(eq(evalRuns.workspaceId, owner.workspaceId));
      const base = { workspaceId: owner.workspaceId, agentId, total: 1, concurrency: 1, status: 'running' };
      const held = await runtime.db.insert(evalRuns).values([base, base, base]).returning();
      await expect(startEvalRun(runtime, owner, { agentId, target: 'draft' })).rejects.toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/3 eval runs are already running/),
      });
      await runtime.db
        .update(evalRuns)
        .set({ updatedAt: new Date(Date.now() - 120_000) })
        .where(eq(evalRuns.id, held[0]!.id));
      const { evalRunId } = await startEvalRun(runtime, owner, { agentId, target: 'draft' });
      expect((await finished(evalRunId)).run.status).toBe('done');
    });
  });
}
