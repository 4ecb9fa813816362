import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { createOfflineModel, type EngineEvent } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { diffVersions, getVersion, publishAgent, restoreVersion, saveDraft } from './agent-versions';
import { createAgent, listVersions } from './agents';
import type { Actor } from './auth';
import { parseGraphFile } from './graph-files';
import { conversationMessages, getRun, listConversations, listRuns, rerun } from './run-history';
import { startRun } from './runs';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

for (const backend of testBackends()) {
  describe(`agents, versions and runs on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
    });
    afterAll(() => database.close());

    it('saves drafts with optimistic concurrency and resolves conflicts by force', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Chatbot', graph: chatbot });
      const first = await saveDraft(runtime, actor, { id: agent.id, graph: chatbot, baseRevision: 1 });
      expect(first.revision).toBe(2);
      expect(first.problems).toEqual([]);
      // A second tab still on revision 1 is refused, told the current revision, and nothing is lost.
      const stale = await saveDraft(runtime, actor, {
        id: agent.id,
        graph: { version: 1, nodes: [], edges: [] },
        baseRevision: 1,
      }).catch((error: unknown) => error);
      expect(stale).toBeInstanceOf(AppError);
      expect((stale as AppError).code).toBe('conflict');
      expect((stale as AppError).details).toMatchObject({ currentRevision: 2 });
      const forced = await saveDraft(runtime, actor, {
        id: agent.id,
        graph: { version: 1, nodes: [], edges: [] },
        baseRevision: 1,
        force: true,
      });
      expect(forced.revision).toBe(3);
      expect(forced.problems.map((problem) => problem.code)).toContain('no_chat_input');
    });

    it('refuses to publish a broken draft, publishes numbered versions, diffs and restores', async () => {
      const agent = await createAgent(runtime, actor, {
        name: 'Versioned',
        graph: { version: 1, nodes: [], edges: [] },
      });
      const refused = await publishAgent(runtime, actor, { id: agent.id }).catch((error: unknown) => error);
      expect((refused as AppError).code).toBe('bad_request');
      expect((refused as AppError).details?.problems).toBeInstanceOf(Array);

      await saveDraft(runtime, actor, { id: agent.id, graph: chatbot, baseRevision: 1 });
      const v1 = await publishAgent(runtime, actor, { id: agent.id, note: 'first' });
      expect(v1.version).toBe(1);
      const changed = structuredClone(chatbot);
      changed.nodes.find((node: { id: string }) => node.id === 'model').data.config.temperature = 0.1;
      await saveDraft(runtime, actor, { id: agent.id, graph: changed, baseRevision: 2 });
      const v2 = await publishAgent(runtime, actor, { id: agent.id });
      expect(v2.version).toBe(2);
      expect((await listVersions(runtime, actor, agent.id)).map((version) => version.version)).toEqual([
        2, 1,
      ]);
      expect((await getVersion(runtime, actor, agent.id, 2)).isPublished).toBe(true);

      const diff = await diffVersions(runtime, actor, { id: agent.id, from: 1, to: 2 });
      expect(diff).toEqual([
        {
          kind: 'node-changed',
          nodeId: 'model',
          label: expect.any(String),
          settings: [{ key: 'temperature', before: 0.7, after: 0.1 }],
        },
      ]);
      const restored = await restoreVersion(runtime, actor, { id: agent.id, version: 1, baseRevision: 3 });
      expect(restored.revision).toBe(4);
      expect(await diffVersions(runtime, actor, { id: agent.id, from: 1, to: 'draft' })).toEqual([]);
    });

    it('refuses graph files that are not graphs, naming every problem', () => {
      expect(() => parseGraphFile('{ not json')).toThrow(/not valid JSON/);
      const wrong = (() => {
        try {
          parseGraphFile(JSON.stringify({ version: 2, nodes: 'x', edges: [] }));
        } catch (error) {
          return error as AppError;
        }
      })();
      expect(wrong?.code).toBe('bad_request');
      expect((wrong?.details?.problems as unknown[] | undefined)?.length).toBeGreaterThanOrEqual(2);
      expect(() => parseGraphFile(' '.repeat(3 * 1024 * 1024))).toThrow(/limit is 2 MB/);
      const { problems } = parseGraphFile(
        JSON.stringify({
          version: 1,
          nodes: [{ id: 'x', type: 'teleporter', position: { x: 0, y: 0 }, data: {} }],
          edges: [],
        }),
      );
      expect(problems.map((problem) => problem.code)).toContain('unknown_node_type');
    });

    it('runs an agent on the offline model, keeps memory across turns and records the run', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Runner', graph: chatbot });
      const first = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: chatbot,
        source: 'preview',
        message: 'My name is Ada.',
      });
      const events = await collect(first.events);
      expect(events.at(-1)?.type).toBe('run-end');
      const second = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: chatbot,
        source: 'preview',
        conversationId: first.conversationId,
        message: 'What is my name?',
      });
      const secondEvents = await collect(second.events);
      const end = secondEvents.at(-1);
      expect(end?.type).toBe('run-end');
      const runRows = await database.execute(
        `select status, answer from runs where conversation_id = '${first.conversationId}' order by started_at`,
      );
      expect(runRows).toHaveLength(2);
      expect(runRows.every((row) => (row as { status: string }).status === 'succeeded')).toBe(true);
      const steps = await database.execute(
        `select node_id, status from run_steps where run_id = '${second.runId}'`,
      );
      expect(steps.map((row) => (row as { node_id: string }).node_id).sort()).toEqual([
        'chat-input',
        'chat-output',
        'memory',
        'model',
        'prompt',
      ]);
      const messages = await database.execute(
        `select role from messages where conversation_id = '${first.conversationId}' order by created_at`,
      );
      expect(messages.map((row) => (row as { role: string }).role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
      const memory = await database.execute("select value from engine_state where key like 'memory:%'");
      expect(JSON.stringify(memory)).toContain('My name is Ada.');

      // A conversation of another agent cannot be continued.
      const other = await createAgent(runtime, actor, { name: 'Other', graph: chatbot });
      await expect(
        startRun(runtime, {
          workspaceId: actor.workspaceId,
          agentId: other.id,
          graph: chatbot,
          source: 'api',
          conversationId: first.conversationId,
          message: 'hi',
        }),
      ).rejects.toThrow(/does not exist for this agent/);
    });

    it('lists runs and conversations newest first with paging, shows a run timeline, and re-runs it', async () => {
      const agent = await createAgent(runtime, actor, { name: 'History', graph: chatbot });
      for (const message of ['one', 'two', 'three']) {
        const run = await startRun(runtime, {
          workspaceId: actor.workspaceId,
          agentId: agent.id,
          graph: chatbot,
          source: 'preview',
          message,
        });
        await collect(run.events);
      }
      const first = await listRuns(runtime, actor, { agentId: agent.id, limit: 2 });
      expect(first.items.map((item) => item.message)).toEqual(['three', 'two']);
      expect(first.nextCursor).not.toBeNull();
      const second = await listRuns(runtime, actor, {
        agentId: agent.id,
        limit: 2,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((item) => item.message)).toEqual(['one']);
      expect(second.nextCursor).toBeNull();

      const detail = await getRun(runtime, actor, first.items[0]!.id);
      expect(detail.input.message).toBe('three');
      const model = detail.steps.find((step) => step.nodeId === 'model');
      expect(model?.cost).toEqual({ usd: 0, basis: 'offline model' });
      expect(model?.usage.outputTokens).toBeGreaterThan(0);
      const prompt = detail.steps.find((step) => step.nodeId === 'prompt');
      expect(prompt?.input).toEqual({ message: 'three' });

      const again = await rerun(runtime, actor, detail.id);
      expect(again.status).toBe('done');
      expect((await getRun(runtime, actor, again.runId)).answer).toBe(detail.answer);

      const conversations = await listConversations(runtime, actor, { agentId: agent.id, limit: 10 });
      expect(conversations.items).toHaveLength(4);
      const thread = await conversationMessages(runtime, actor, conversations.items.at(-1)!.id);
      expect(thread.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    });

    it('continues a conversation whose first run is still streaming (its start is written first)', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Overlap', graph: chatbot });
      // A slow model: the first run is still going when the follow-up arrives, and short runs are only
      // written when they end, so the conversation is not in the database yet.
      const slow = () => createOfflineModel({ chunkDelayMs: 20 });
      const first = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: chatbot,
        source: 'api',
        message: 'First question.',
        languageModels: slow,
      });
      const iterator = first.events[Symbol.asyncIterator]();
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.type === 'node-delta') break;
      }
      const [before] = await database.execute(
        `select count(*)::int as n from conversations where id = '${first.conversationId}'`,
      );
      expect(before).toEqual({ n: 0 });
      const second = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: chatbot,
        source: 'api',
        conversationId: first.conversationId,
        message: 'Second question.',
      });
      expect(second.conversationId).toBe(first.conversationId);
      const [running] = await database.execute(`select status from runs where id = '${first.runId}'`);
      expect(running).toEqual({ status: 'running' });
      expect((await collect(second.events)).at(-1)?.type).toBe('run-end');
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {}
      const rows = await database.execute(
        `select status from runs where conversation_id = '${first.conversationId}' order by started_at`,
      );
      expect(rows).toEqual([{ status: 'succeeded' }, { status: 'succeeded' }]);
    });

    it('records a run stopped by its reader as cancelled', async () => {
      const agent = await createAgent(runtime, actor, { name: 'Stopper', graph: chatbot });
      const run = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: chatbot,
        source: 'preview',
        message: 'Tell me a long story.',
      });
      for await (const event of run.events) {
        if (event.type === 'node-start') break;
      }
      const [row] = await database.execute(`select status from runs where id = '${run.runId}'`);
      expect(row).toEqual({ status: 'cancelled' });
    });
  });
}
