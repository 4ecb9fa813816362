import type { DatabaseHandle } from '@agentry/db';
import { conversations, messages, runs } from '@agentry/db';
import { asc, eq, inArray, sql } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { monotonicDate, RunJournal, type RunOutcomeRecord, type RunStartRecord } from './run-journal';

const GRAPH = { version: 1, nodes: [], edges: [] };

for (const backend of testBackends()) {
  describe(`run journal on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let agentId: string;
    let statements = 0;

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_MODEL_THREADS: '0' });
      actor = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, actor, { name: 'Journal', graph: GRAPH })).id;
      // Count the statements the journal sends.
      const execute = runtime.db.execute.bind(runtime.db);
      runtime.db.execute = ((query: Parameters<typeof execute>[0]) => {
        statements += 1;
        return execute(query);
      }) as typeof runtime.db.execute;
    }, 60_000);
    afterAll(() => database.close());

    function start(
      message: string,
      conversationId: string = crypto.randomUUID(),
      isNew = true,
    ): RunStartRecord {
      const startedAt = monotonicDate();
      return {
        run: {
          id: crypto.randomUUID(),
          workspaceId: actor.workspaceId,
          agentId,
          conversationId,
          versionId: null,
          source: 'api',
          status: 'running',
          input: { message, history: [] },
          graph: GRAPH,
          startedAt,
        },
        userMessage: message,
        newConversation: isNew
          ? {
              id: conversationId,
              workspaceId: actor.workspaceId,
              agentId,
              source: 'api',
              title: message,
              createdAt: startedAt,
            }
          : undefined,
      };
    }

    function outcome(record: RunStartRecord, answer: string, tokens = 10): RunOutcomeRecord {
      const now = monotonicDate();
      return {
        runId: record.run.id,
        conversationId: record.run.conversationId,
        status: 'succeeded',
        answer,
        usage: { inputTokens: tokens / 2, outputTokens: tokens / 2 },
        error: null,
        durationMs: 5.4,
        endedAt: now,
        steps: [
          {
            nodeId: 'model',
            nodeType: 'model',
            status: 'done',
            input: { prompt: record.userMessage },
            output: { preview: answer },
            usage: { inputTokens: 1, outputTokens: 1 },
            error: null,
            startedAt: record.run.startedAt,
            endedAt: now,
            durationMs: 5,
          },
        ],
      };
    }

    it("keeps a run's steps in its row: a continued run's steps follow those it had when it waited", async () => {
      const journal = new RunJournal(runtime);
      const record = start('wait then go on');
      await journal.start(record);
      await journal.settled();
      const waited = outcome(record, '');
      await journal.finish({
        ...waited,
        status: 'waiting',
        steps: waited.steps.map((step) => ({ ...step, nodeId: 'ask' })),
      });
      const [waiting] = await runtime.db.select().from(runs).where(eq(runs.id, record.run.id));
      expect(waiting!.steps!.map((step) => step.nodeId)).toEqual(['ask']);
      await journal.finish(outcome(record, 'done'));
      const [ended] = await runtime.db.select().from(runs).where(eq(runs.id, record.run.id));
      expect(ended!.steps!.map((step) => step.nodeId)).toEqual(['ask', 'model']);
      expect(new Set(ended!.steps!.map((step) => step.id)).size).toBe(2);
      // SQL readers still see one row per step.
      const listed = (await runtime.db.execute(
        sql`select node_id, started_at from run_steps where run_id = ${record.run.id} order by node_id`,
      )) as unknown as { rows: { node_id: string; started_at: unknown }[] };
      expect(listed.rows.map((row) => row.node_id)).toEqual(['ask', 'model']);
      expect(new Date(listed.rows[0]!.started_at as string).getTime()).toBe(record.run.startedAt.getTime());
    });

    it('writes runs that end together in one statement, each start and outcome as one row', async () => {
      const journal = new RunJournal(runtime);
      const records = Array.from({ length: 5 }, (_, index) => start(`question ${index}`));
      const before = statements;
      await Promise.all(
        records.flatMap((record, index) => [
          journal.start(record),
          journal.finish(outcome(record, `answer ${index}`)),
        ]),
      );
      expect(statements - before).toBe(1);
      const ids = records.map((record) => record.run.id);
      const rows = await runtime.db.select().from(runs).where(inArray(runs.id, ids));
      expect(rows).toHaveLength(5);
      for (const row of rows) {
        expect(row).toMatchObject({ status: 'succeeded', durationMs: 5, usage: { inputTokens: 5 } });
        expect(row.endedAt!.getTime()).toBeGreaterThan(row.startedAt.getTime());
        expect(row.endedAt).toBeInstanceOf(Date);
      }
      const steps = rows.flatMap((row) => row.steps ?? []);
      expect(steps).toHaveLength(5);
      expect(steps[0]).toMatchObject({ nodeId: 'model', input: { prompt: expect.any(String) } });
      expect(new Date(steps[0]!.startedAt!).getTime()).not.toBeNaN();
      const conversation = records[2]!.run.conversationId;
      const [stored] = await runtime.db
        .select()
        .from(conversations)
        .where(eq(conversations.id, conversation));
      expect(stored).toMatchObject({ tokensUsed: 10, title: 'question 2', source: 'api' });
      const said = await runtime.db
        .select({ role: messages.role, content: messages.content })
        .from(messages)
        .where(eq(messages.conversationId, conversation))
        .orderBy(asc(messages.createdAt));
      expect(said).toEqual([
        { role: 'user', content: 'question 2' },
        { role: 'assistant', content: 'answer 2' },
      ]);
    });

    it('updates a run whose start was written earlier, and adds to an existing conversation', async () => {
      const journal = new RunJournal(runtime);
      const first = start('first');
      await journal.start(first);
      const [running] = await runtime.db.select().from(runs).where(eq(runs.id, first.run.id));
      expect(running).toMatchObject({ status: 'running', answer: '' });
      await journal.finish(outcome(first, 'one', 10));
      const second = start('second', first.run.conversationId, false);
      await Promise.all([journal.start(second), journal.finish(outcome(second, 'two', 20))]);
      const [ended] = await runtime.db.select().from(runs).where(eq(runs.id, first.run.id));
      expect(ended).toMatchObject({ status: 'succeeded', answer: 'one' });
      const [stored] = await runtime.db
        .select()
        .from(conversations)
        .where(eq(conversations.id, first.run.conversationId));
      expect(stored!.tokensUsed).toBe(30);
      const said = await runtime.db
        .select({ content: messages.content })
        .from(messages)
        .where(eq(messages.conversationId, first.run.conversationId))
        .orderBy(asc(messages.createdAt));
      expect(said.map((row) => row.content)).toEqual(['first', 'one', 'second', 'two']);
    });

    it('gives times that never repeat, even within one millisecond', () => {
      const times = Array.from({ length: 50 }, () => monotonicDate().getTime());
      for (let index = 1; index < times.length; index++)
        expect(times[index]!).toBeGreaterThan(times[index - 1]!);
    });

    it('fails a bad record alone: the others of its batch are written', async () => {
      const journal = new RunJournal(runtime);
      const good = start('good');
      const bad = start('bad');
      bad.run.agentId = crypto.randomUUID();
      bad.newConversation!.agentId = bad.run.agentId;
      const results = await Promise.allSettled([
        journal.start(good),
        journal.finish(outcome(good, 'fine')),
        journal.start(bad),
        journal.finish(outcome(bad, 'lost')),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'rejected',
      ]);
      const rows = await runtime.db
        .select({ id: runs.id })
        .from(runs)
        .where(inArray(runs.id, [good.run.id, bad.run.id]));
      expect(rows.map((row) => row.id)).toEqual([good.run.id]);
    });

    it('writes a run in progress before its conversation is read again', async () => {
      const journal = new RunJournal(runtime);
      const record = start('still running');
      let recorded = false;
      const untrack = journal.track(record.run.conversationId, async () => {
        recorded = true;
        untrack();
        await journal.start(record);
      });
      await journal.writeConversation(crypto.randomUUID());
      expect(recorded).toBe(false);
      await journal.writeConversation(record.run.conversationId);
      expect(recorded).toBe(true);
      const [row] = await runtime.db
        .select({ id: conversations.id })
        .from(conversations)
        .where(eq(conversations.id, record.run.conversationId));
      expect(row).toBeDefined();
    });
  });
}
