import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { conversations, runEvents, runs } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { recoverRuns } from '../services/run-recovery';
import { executeRun, prepareRun } from '../services/runs';
import { answerRun, countWaitingRuns, listWaitingRuns } from '../services/waiting-runs';
import { createTestOwner, testRuntime } from '../test-support';
import {
  handleChatResumeStream,
  handleGetRun,
  handleResumeRun,
  handleRunStream,
  handleStartAgentRun,
} from './runs';
import { SLOW_WORDS as WORDS, slowWordModels as slowModels } from '../test-support';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);

const refundTemplate = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../templates/refund-with-approval.json'), 'utf8'),
);

function request(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }) {
  return new Request(`http://127.0.0.1:3000${url}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:3000', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

interface SseEvent {
  id?: number;
  chunks: { type: string; delta?: string; [key: string]: unknown }[];
}

/** Reads SSE messages as they arrive; stops (cancelling the body) once `stopAfterIds` ids were seen. */
async function readSse(response: Response, stopAfterIds = Number.POSITIVE_INFINITY): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [{ chunks: [] }];
  let buffer = '';
  let ids = 0;
  while (ids < stopAfterIds) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const id = /^id: (\d+)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data && data !== '[DONE]') events.at(-1)!.chunks.push(JSON.parse(data));
      if (id !== undefined) {
        events.at(-1)!.id = Number(id);
        events.push({ chunks: [] });
        ids++;
      }
    }
  }
  await reader.cancel().catch(() => undefined);
  return events.filter((event) => event.chunks.length > 0 || event.id !== undefined);
}

const textOf = (events: SseEvent[]) =>
  events
    .flatMap((event) => event.chunks)
    .filter((chunk) => chunk.type === 'text-delta')
    .map((chunk) => chunk.delta)
    .join('');

async function waitForStatus(runtime: Runtime, runId: string, key: string, wanted: string[]) {
  for (let attempt = 0; attempt < 400; attempt++) {
    const response = await handleGetRun(
      runtime,
      request(`/api/v1/runs/${runId}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
      runId,
    );
    const body = (await response.json()) as { status: string; answer: string; pending: unknown };
    if (wanted.includes(body.status)) return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} never reached ${wanted.join('/')}`);
}

/** A checkpoint as the engine writes one (the engine's private fields filled with a fresh run's state). */
function checkpointOf(runId: string, seq: number, extra: Record<string, unknown> = {}) {
  return {
    version: 1,
    runId,
    seq,
    nodes: {},
    running: {},
    agentLoops: {},
    answers: {},
    usage: { inputTokens: 0, outputTokens: 0 },
    budget: { tokens: 0, steps: 0, elapsedMs: 0 },
    partialAnswer: '',
    memoryWrites: [],
    ...extra,
  };
}

for (const backend of testBackends()) {
  describe(`durable runs over HTTP on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let workspaceId: string;
    let owner: Actor;
    let key: string;
    let otherKey: string;
    let agentId: string;
    const auth = () => ({ authorization: `Bearer ${key}` });
    /** A conversation for runs written by hand (as a process that died left them). */
    const conversation = async () => {
      const id = crypto.randomUUID();
      await runtime.db
        .insert(conversations)
        .values({ id, workspaceId, agentId, source: 'api', title: 'Left over' });
      return id;
    };

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
      const actor = await createTestOwner(runtime);
      owner = actor;
      workspaceId = actor.workspaceId;
      agentId = (await createAgent(runtime, actor, { name: 'Chatbot', graph: chatbot })).id;
      const other = (await createAgent(runtime, actor, { name: 'Other', graph: chatbot })).id;
      await publishAgent(runtime, actor, { id: agentId });
      key = (await createApiKey(runtime, workspaceId, 'runner', { scopes: ['run'] })).key;
      otherKey = (await createApiKey(runtime, workspaceId, 'other', { scopes: ['run'], agents: [other] }))
        .key;
    }, 60_000);
    afterAll(() => database.close());

    it('a run started with POST …/runs finishes with no reader, and GET shows its answer', async () => {
      const started = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${agentId}/runs`, {
          method: 'POST',
          body: { input: 'What is 6 * 7?' },
          headers: auth(),
        }),
        agentId,
      );
      expect(started.status).toBe(202);
      const { id, status, conversationId } = (await started.json()) as Record<string, string>;
      expect(status).toBe('running');
      expect(conversationId).toBeTruthy();
      const run = await waitForStatus(runtime, id!, key, ['succeeded', 'failed']);
      expect(run.status).toBe('succeeded');
      expect(run.answer).toContain('[Offline model]');
      const bad = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${agentId}/runs`, {
          method: 'POST',
          body: { input: 'x', callbackUrl: 'ftp://x' },
          headers: auth(),
        }),
        agentId,
      );
      expect(bad.status).toBe(400);
    });

    it('a reader that leaves after k events reattaches with Last-Event-ID and gets exactly the rest', async () => {
      const started = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${agentId}/runs`, {
          method: 'POST',
          body: { input: 'Count.' },
          headers: auth(),
        }),
        agentId,
        { languageModels: slowModels(15) },
      );
      const { id } = (await started.json()) as { id: string };
      const first = await readSse(
        await handleRunStream(runtime, request(`/api/v1/runs/${id}/stream`, { headers: auth() }), id),
        8,
      );
      const lastSeen = first.at(-1)!.id!;
      const rest = await readSse(
        await handleRunStream(
          runtime,
          request(`/api/v1/runs/${id}/stream`, { headers: { ...auth(), 'last-event-id': String(lastSeen) } }),
          id,
        ),
      );
      const whole = WORDS.join('');
      expect(textOf(first) + textOf(rest)).toBe(whole);
      const ids = [...first, ...rest].flatMap((event) => (event.id === undefined ? [] : [event.id]));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(rest[0]!.chunks.some((chunk) => chunk.type === 'start')).toBe(false);
      expect(rest.at(-1)!.chunks.at(-1)?.type).toBe('finish');
      // After the run, the database replays it: merged text cut exactly where a reader left off.
      const stored = await database.execute(
        `select count(*)::int as n from run_events where run_id = '${id}'`,
      );
      expect((stored[0] as { n: number }).n).toBeLessThan(ids.length);
      for (const after of [0, lastSeen, ids[Math.floor(ids.length / 2)]!]) {
        const before = ids.filter((seq) => seq <= after);
        const seen = [...first, ...rest].filter((event) => event.id !== undefined && event.id <= after);
        const replay = await readSse(
          await handleRunStream(
            runtime,
            request(`/api/v1/runs/${id}/stream?after=${after}`, { headers: auth() }),
            id,
          ),
        );
        expect(textOf(seen) + textOf(replay)).toBe(whole);
        expect(before.length + replay.filter((event) => event.id !== undefined).length).toBeLessThanOrEqual(
          ids.length,
        );
      }
    });

    it("useChat's resume endpoint follows the conversation's running run, then answers 204", async () => {
      const started = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${agentId}/runs`, {
          method: 'POST',
          body: { input: 'Count.' },
          headers: auth(),
        }),
        agentId,
        { languageModels: slowModels(15) },
      );
      const { id, conversationId } = (await started.json()) as { id: string; conversationId: string };
      const first = await readSse(
        await handleRunStream(runtime, request(`/api/v1/runs/${id}/stream`, { headers: auth() }), id),
        6,
      );
      const resumeUrl = `/api/v1/agents/${agentId}/chat/${conversationId}/stream`;
      const resumed = await handleChatResumeStream(
        runtime,
        request(resumeUrl, { headers: { ...auth(), 'last-event-id': String(first.at(-1)!.id) } }),
        agentId,
        conversationId,
      );
      expect(resumed.headers.get('x-agentry-run-id')).toBe(id);
      expect(textOf(first) + textOf(await readSse(resumed))).toBe(WORDS.join(''));
      await waitForStatus(runtime, id, key, ['succeeded']);
      // Nothing runs in the conversation any more: useChat is told there is nothing to resume.
      const idle = await handleChatResumeStream(
        runtime,
        request(resumeUrl, { headers: auth() }),
        agentId,
        conversationId,
      );
      expect(idle.status).toBe(204);
    });

    it('keys limited to another agent get 403 on GET, stream and resume; bad Last-Event-ID gets 400', async () => {
      const started = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${agentId}/runs`, { method: 'POST', body: { input: 'hi' }, headers: auth() }),
        agentId,
      );
      const { id } = (await started.json()) as { id: string };
      const other = { authorization: `Bearer ${otherKey}` };
      expect(
        (await handleGetRun(runtime, request(`/api/v1/runs/${id}`, { headers: other }), id)).status,
      ).toBe(403);
      expect(
        (await handleRunStream(runtime, request(`/api/v1/runs/${id}/stream`, { headers: other }), id)).status,
      ).toBe(403);
      const resume = await handleResumeRun(
        runtime,
        request(`/api/v1/runs/${id}/resume`, { method: 'POST', body: {}, headers: other }),
        id,
      );
      expect(resume.status).toBe(403);
      expect(
        (await handleGetRun(runtime, request('/api/v1/runs/nope', { headers: auth() }), 'nope')).status,
      ).toBe(404);
      const badAfter = await handleRunStream(
        runtime,
        request(`/api/v1/runs/${id}/stream`, { headers: { ...auth(), 'last-event-id': 'abc' } }),
        id,
      );
      expect(badAfter.status).toBe(400);
      await waitForStatus(runtime, id, key, ['succeeded']);
    });

    it('a waiting run survives a restart and continues through POST …/resume', async () => {
      const runId = crypto.randomUUID();
      const request1 = {
        id: 'approve-1',
        kind: 'approval',
        nodeId: 'model',
        message: 'Send it?',
        choices: [
          { id: 'approve', label: 'Approve' },
          { id: 'reject', label: 'Reject' },
        ],
        audience: 'operator',
      };
      await runtime.db.insert(runs).values({
        id: runId,
        workspaceId,
        agentId,
        conversationId: await conversation(),
        source: 'api',
        status: 'waiting',
        input: { message: 'Refund order 7', history: [] },
        graph: chatbot,
        pending: request1,
        checkpoint: checkpointOf(runId, 1, { waiting: request1 }),
        lastSeq: 2,
        attempts: 1,
      });
      await runtime.db.insert(runEvents).values([
        {
          runId,
          seq: 1,
          event: { type: 'run-start', runId, conversationId: 'c', startedAt: '', nodeCount: 5 },
        },
        {
          runId,
          seq: 2,
          event: {
            type: 'run-waiting',
            runId,
            request: request1,
            usage: { inputTokens: 0, outputTokens: 0 },
            durationMs: 1,
          },
        },
      ]);
      // A new process on the same database: waiting runs stay waiting.
      const restarted = await testRuntime(database);
      expect((await recoverRuns(restarted)).waiting).toEqual([]);
      expect((await waitForStatus(restarted, runId, key, ['waiting'])).pending).toMatchObject({
        id: 'approve-1',
      });
      const resume = (body: unknown) =>
        handleResumeRun(
          restarted,
          request(`/api/v1/runs/${runId}/resume`, { method: 'POST', body, headers: auth() }),
          runId,
        );
      expect((await listWaitingRuns(restarted, owner)).map((run) => run.id)).toContain(runId);
      expect(await countWaitingRuns(restarted, owner)).toBeGreaterThan(0);
      const viewerAnswer = await answerRun(restarted, { ...owner, role: 'viewer' }, runId, {
        requestId: 'approve-1',
        choice: 'approve',
      }).catch((error: unknown) => error);
      expect((viewerAnswer as { code?: string }).code).toBe('forbidden');
      expect((await resume({ requestId: 'old', choice: 'approve' })).status).toBe(409);
      expect((await resume({ requestId: 'approve-1', choice: 'maybe' })).status).toBe(400);
      const accepted = await resume({ requestId: 'approve-1', choice: 'approve' });
      expect(accepted.status).toBe(202);
      expect((await resume({ requestId: 'approve-1', choice: 'approve' })).status).toBe(409);
      const done = await waitForStatus(restarted, runId, key, ['succeeded', 'failed']);
      expect(done.status).toBe('succeeded');
      expect((await listWaitingRuns(restarted, owner)).map((run) => run.id)).not.toContain(runId);
      // The continued run's events follow the stored ones.
      const replay = await readSse(
        await handleRunStream(
          restarted,
          request(`/api/v1/runs/${runId}/stream?after=2`, { headers: auth() }),
          runId,
        ),
      );
      expect(replay[0]!.id).toBe(3);
      expect(textOf(replay)).toContain('[Offline model]');
    });

    it('the Refund with approval template waits, survives a restart, and finishes once approved', async () => {
      const refundAgent = (await createAgent(runtime, owner, { name: 'Refunds', graph: refundTemplate })).id;
      await publishAgent(runtime, owner, { id: refundAgent });
      const started = await handleStartAgentRun(
        runtime,
        request(`/api/v1/agents/${refundAgent}/runs`, {
          method: 'POST',
          body: { input: 'Refund order 7 for 20 EUR, it arrived broken.' },
          headers: auth(),
        }),
        refundAgent,
      );
      const { id } = (await started.json()) as { id: string };
      const waiting = (await waitForStatus(runtime, id, key, ['waiting', 'failed'])) as unknown as {
        status: string;
        pending: { id: string; audience: string; choices: { id: string }[] };
        lastSeq: number;
      };
      expect(waiting.status).toBe('waiting');
      expect(waiting.pending.audience).toBe('operator');
      const [row] = await database.execute(
        `select checkpoint is not null as saved from runs where id = '${id}'`,
      );
      expect(row).toEqual({ saved: true });
      // The replay of a waiting run ends with its question.
      const untilWait = await readSse(
        await handleRunStream(runtime, request(`/api/v1/runs/${id}/stream`, { headers: auth() }), id),
      );
      const lastWaitId = untilWait.flatMap((event) => (event.id === undefined ? [] : [event.id])).at(-1)!;

      const restarted = await testRuntime(database);
      await recoverRuns(restarted);
      expect((await waitForStatus(restarted, id, key, ['waiting'])).status).toBe('waiting');
      const accepted = await handleResumeRun(
        restarted,
        request(`/api/v1/runs/${id}/resume`, {
          method: 'POST',
          body: { requestId: waiting.pending.id, choice: 'approve', form: { note: 'Sorry!' } },
          headers: auth(),
        }),
        id,
      );
      expect(accepted.status).toBe(202);
      const rest = await readSse(
        await handleRunStream(
          restarted,
          request(`/api/v1/runs/${id}/stream`, {
            headers: { ...auth(), 'last-event-id': String(lastWaitId) },
          }),
          id,
        ),
      );
      const ids = rest.flatMap((event) => (event.id === undefined ? [] : [event.id]));
      expect(ids[0]).toBe(lastWaitId + 1);
      expect(new Set(ids).size).toBe(ids.length);
      const done = await waitForStatus(restarted, id, key, ['succeeded', 'failed']);
      expect(done.status).toBe('succeeded');
      expect(done.answer.length).toBeGreaterThan(0);
      expect(textOf(rest)).toBe(done.answer);
    });

    it('an OpenAI-compatible run stores no events and no checkpoint (its client cannot reattach)', async () => {
      const { prepared, record } = await prepareRun(runtime, {
        workspaceId,
        agentId,
        graph: chatbot,
        source: 'openai',
        message: 'Hello',
      });
      await record();
      for await (const _event of executeRun(runtime, prepared, { record })) {
        // Read to the end.
      }
      const [row] = await database.execute(
        `select status, checkpoint is null as bare, (select count(*)::int from run_events where run_id = '${prepared.runId}') as events from runs where id = '${prepared.runId}'`,
      );
      expect(row).toEqual({ status: 'succeeded', bare: true, events: 0 });
    });

    it('at start, running runs are continued from a checkpoint, interrupted when unsafe, failed after 3 starts', async () => {
      const insert = async (extra: Partial<typeof runs.$inferInsert>) => {
        const id = crypto.randomUUID();
        await runtime.db.insert(runs).values({
          id,
          workspaceId,
          agentId,
          conversationId: await conversation(),
          source: 'api',
          status: 'running',
          input: { message: 'Carry on', history: [] },
          graph: chatbot,
          attempts: 1,
          ...extra,
        });
        return id;
      };
      const safe = await insert({});
      await runtime.db
        .update(runs)
        .set({ checkpoint: checkpointOf(safe, 3), lastSeq: 3 })
        .where(eq(runs.id, safe));
      const noCheckpoint = await insert({});
      const toolInFlight = await insert({});
      await runtime.db
        .update(runs)
        .set({ checkpoint: checkpointOf(toolInFlight, 3), lastSeq: 3 })
        .where(eq(runs.id, toolInFlight));
      await runtime.db.insert(runEvents).values({
        runId: toolInFlight,
        seq: 4,
        event: {
          type: 'tool-call',
          runId: toolInFlight,
          nodeId: 'agent',
          toolCallId: 'c1',
          toolName: 'refund',
          input: {},
        },
      });
      const looping = await insert({ attempts: 3 });
      await runtime.db
        .update(runs)
        .set({ checkpoint: checkpointOf(looping, 3) })
        .where(eq(runs.id, looping));
      // A stateless OpenAI-compatible request: its client is gone with the process, nobody could read on.
      const openai = await insert({ source: 'openai' });
      // An MCP tool call, with a checkpoint: its client's request died with the process just the same.
      const mcp = await insert({ source: 'mcp' });
      await runtime.db
        .update(runs)
        .set({ checkpoint: checkpointOf(mcp, 3), lastSeq: 3 })
        .where(eq(runs.id, mcp));

      const restarted = await testRuntime(database);
      const report = await recoverRuns(restarted);
      expect(report.continued).toEqual([safe]);
      expect(report.interrupted.sort()).toEqual([noCheckpoint, toolInFlight].sort());
      expect(report.failed.sort()).toEqual([looping, openai, mcp].sort());
      expect((await waitForStatus(restarted, safe, key, ['succeeded', 'failed'])).status).toBe('succeeded');
      const interrupted = (await waitForStatus(restarted, toolInFlight, key, ['interrupted'])) as unknown as {
        error: { message: string };
      };
      expect(interrupted.error.message).toMatch(/"refund" was running/);
      const resume = (id: string) =>
        handleResumeRun(
          restarted,
          request(`/api/v1/runs/${id}/resume`, { method: 'POST', body: {}, headers: auth() }),
          id,
        );
      expect((await resume(noCheckpoint)).status).toBe(409);
      expect((await resume(toolInFlight)).status).toBe(202);
      expect((await waitForStatus(restarted, toolInFlight, key, ['succeeded', 'failed'])).status).toBe(
        'succeeded',
      );
      const [attempts] = await database.execute(`select attempts from runs where id = '${toolInFlight}'`);
      expect(attempts).toEqual({ attempts: 2 });
    });
  });
}
