import type { DatabaseHandle } from '@agentry/db';
import { agents, copilotMessages, workspaces } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import {
  createMemoryContext,
  defaultNodeRegistry,
  type EngineEvent,
  type Graph,
  OFFLINE_COPILOT_LABEL,
  runGraph,
  validateGraph,
} from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedWindowLimiter } from '../rate-limit';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import { type Actor, createSession } from '../services/auth';
import type { CopilotMessage } from '../services/copilot-messages';
import {
  COPILOT_TURNS_PER_MINUTE,
  type CopilotStreamLine,
  MAX_COPILOT_BODY_BYTES,
} from '../services/copilot-turn';
import { starterGraph } from '../services/templates';
import { createTestOwner, testRuntime } from '../test-support';
import { callProcedure, ownerAndViewerSessions } from '../trpc/call-procedure.testing';
import { handleCopilotTurn } from './copilot';
import { scaleOutBackends, scaleOutProcesses } from '../test-support';

const ORIGIN = 'http://127.0.0.1:3000';
type ErrorBody = { error: { code: string; message: string } };

/** The NDJSON answer of a turn, one parsed object per line (every line must be JSON). */
async function readLines(response: Response): Promise<CopilotStreamLine[]> {
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as CopilotStreamLine);
}

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

for (const backend of testBackends()) {
  describe(`POST /api/v1/agents/:id/copilot on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let editorSession: string;
    let viewerSession: string;
    let agentId: string;

    /** A turn as the builder sends it: session cookie, same origin. */
    const turn = (
      session: string,
      id: string,
      body: unknown,
      init: { headers?: Record<string, string>; raw?: string } = {},
    ) =>
      handleCopilotTurn(
        runtime,
        new Request(`${ORIGIN}/api/v1/agents/${id}/copilot`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            host: '127.0.0.1:3000',
            origin: ORIGIN,
            cookie: `agentry_session=${session}`,
            ...init.headers,
          },
          body: init.raw ?? JSON.stringify(body),
        }),
        id,
      );
    const stored = async () =>
      runtime.db.select().from(copilotMessages).where(eq(copilotMessages.agentId, agentId));

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      const sessions = await ownerAndViewerSessions(runtime);
      ({ owner, editorSession, viewerSession } = sessions);
      agentId = (await createAgent(runtime, owner, { name: 'Blank', graph: starterGraph() })).id;
    }, 60_000);
    afterAll(() => database.close());

    it('builds a chatbot with memory offline: streamed edits, a stored proposal that runs, listed by copilot.messages', async () => {
      const response = await turn(editorSession, agentId, {
        message: '  a chatbot that remembers the conversation  ',
        graph: starterGraph(),
        revision: 1,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      expect(response.headers.get('cache-control')).toContain('no-transform');
      const lines = await readLines(response);

      const start = lines[0]!;
      expect(start).toMatchObject({
        type: 'start',
        userMessage: { role: 'user', content: 'a chatbot that remembers the conversation', status: null },
        by: { kind: 'offline', label: OFFLINE_COPILOT_LABEL },
      });
      const edits = lines.filter((line) => line.type === 'edit');
      expect(edits.length).toBeGreaterThan(0);
      expect(edits.every((line) => line.type === 'edit' && line.applied)).toBe(true);
      expect(lines.some((line) => line.type === 'error')).toBe(false);
      const last = lines.at(-1)!;
      expect(last.type).toBe('message');
      const message = (last as { message: CopilotMessage }).message;
      expect(message).toMatchObject({ role: 'assistant', status: 'proposed', acceptedRevision: null });
      expect(message.content).toMatch(/\S/);

      // The proposal: the streamed edits in order, a valid graph with a Memory node wired in, its changes.
      const proposal = message.proposal!;
      expect(proposal.by).toEqual({ kind: 'offline', label: OFFLINE_COPILOT_LABEL });
      expect(proposal.baseRevision).toBe(1);
      expect(proposal.edits).toEqual(edits.map((line) => (line as { edit: unknown }).edit));
      const graph = proposal.graph as Graph;
      const validation = validateGraph(graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      const memory = graph.nodes.find((node) => node.type === 'memory');
      expect(memory).toBeDefined();
      expect(graph.edges.some((edge) => edge.source === memory!.id)).toBe(true);
      expect(proposal.changes).toContainEqual(
        expect.objectContaining({ kind: 'node-added', nodeId: memory!.id }),
      );
      // It answers on the offline model, twice in one conversation.
      const context = createMemoryContext();
      for (const text of ['Hello, my name is Ada.', 'What is my name?']) {
        const events = await collect(runGraph({ graph, input: { message: text, history: [] }, context }));
        const end = events.at(-1);
        expect(end?.type, JSON.stringify(end)).toBe('run-end');
      }

      // Stored, and listed oldest first with the same content as streamed.
      const listed = await callProcedure<CopilotMessage[]>(
        runtime,
        viewerSession,
        'copilot.messages',
        { agentId },
        'query',
      );
      expect(listed.status).toBe(200);
      expect(listed.data.map((entry) => entry.id)).toEqual([
        (start as { userMessage: CopilotMessage }).userMessage.id,
        message.id,
      ]);
      expect(listed.data[1]).toEqual(message);
    });

    it('refuses viewers, other workspaces, keys without manage and anonymous callers; stores nothing', async () => {
      const before = (await stored()).length;
      const body = { message: 'add memory', graph: starterGraph(), revision: 1 };

      const viewer = await turn(viewerSession, agentId, body);
      expect(viewer.status).toBe(403);
      expect(((await viewer.json()) as ErrorBody).error.message).toMatch(/editor role/);

      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const [foreign] = await runtime.db
        .insert(agents)
        .values({
          workspaceId: other!.id,
          publicId: 'ag_copilot_foreign',
          slug: 'foreign',
          name: 'Foreign',
          draftGraph: starterGraph(),
        })
        .returning();
      expect((await turn(editorSession, foreign!.id, body)).status).toBe(404);

      const runOnly = (await createApiKey(runtime, owner.workspaceId, 'run', { scopes: ['run'] })).key;
      const keyed = await turn('', agentId, body, { headers: { authorization: `Bearer ${runOnly}` } });
      expect(keyed.status).toBe(403);
      expect(((await keyed.json()) as ErrorBody).error.message).toMatch(/lacks the "manage" scope/);

      const anonymous = await handleCopilotTurn(
        runtime,
        new Request(`${ORIGIN}/api/v1/agents/${agentId}/copilot`, { method: 'POST', body: '{}' }),
        agentId,
      );
      expect(anonymous.status).toBe(401);

      const crossSite = await turn(editorSession, agentId, body, {
        headers: { origin: 'https://evil.example' },
      });
      expect(crossSite.status).toBe(403);

      expect((await stored()).length).toBe(before);
      const foreignRows = await runtime.db
        .select()
        .from(copilotMessages)
        .where(eq(copilotMessages.agentId, foreign!.id));
      expect(foreignRows).toEqual([]);
    });

    it('answers a key with the manage scope', async () => {
      const manager = (await createApiKey(runtime, owner.workspaceId, 'manage', { scopes: ['manage'] })).key;
      const response = await turn(
        '',
        agentId,
        { message: 'explain this graph', graph: starterGraph(), revision: 1 },
        {
          headers: { authorization: `Bearer ${manager}` },
        },
      );
      expect(response.status).toBe(200);
      const lines = await readLines(response);
      expect(lines[0]!.type).toBe('start');
      expect(lines.at(-1)!.type).toBe('message');
    });

    it('names what is wrong with a bad body (400/413) and stores nothing', async () => {
      const before = (await stored()).length;
      const graph = starterGraph();
      const cases: {
        body?: unknown;
        raw?: string;
        headers?: Record<string, string>;
        status: number;
        says: RegExp;
      }[] = [
        {
          body: { message: '   ', graph, revision: 1 },
          status: 400,
          says: /message: Write what the Copilot should do/,
        },
        {
          body: { message: 'x'.repeat(5000), graph, revision: 1 },
          status: 400,
          says: /message: .*4,000 characters/,
        },
        { body: { graph, revision: 1 }, status: 400, says: /message/ },
        { raw: '{"message": "add memory", "graph": {"nodes": [', status: 400, says: /not valid JSON/ },
        {
          body: { message: 'add memory', graph: { version: 1, nodes: 'none', edges: [] }, revision: 1 },
          status: 400,
          says: /not a valid Agentry graph: nodes/,
        },
        { body: { message: 'add memory', revision: 1 }, status: 400, says: /graph: Send the canvas graph/ },
        { body: { message: 'add memory', graph, revision: 0 }, status: 400, says: /revision/ },
        {
          body: { message: 'add memory', graph, revision: 7 },
          status: 400,
          says: /revision: the draft is at revision 1/,
        },
        {
          body: {
            message: 'add memory',
            graph: {
              ...graph,
              nodes: [
                ...graph.nodes,
                {
                  id: 'model',
                  type: 'model',
                  position: { x: 300, y: 120 },
                  data: {
                    config: { provider: 'openai', apiKey: 'sk-proj-abcdefghijklmnopqrstuvwxyz012345' },
                  },
                },
              ],
            },
            revision: 1,
          },
          status: 400,
          says: /looks like a secret/,
        },
        {
          raw: JSON.stringify({
            message: 'add memory',
            graph,
            revision: 1,
            padding: 'x'.repeat(MAX_COPILOT_BODY_BYTES),
          }),
          status: 413,
          says: /larger than the 2112 KB limit/,
        },
        {
          raw: '{}',
          headers: { 'content-length': String(MAX_COPILOT_BODY_BYTES + 1) },
          status: 413,
          says: /larger than/,
        },
      ];
      for (const entry of cases) {
        const response = await turn(editorSession, agentId, entry.body, {
          raw: entry.raw,
          headers: entry.headers,
        });
        const error = ((await response.json()) as ErrorBody).error;
        expect({ status: response.status, message: error.message }).toMatchObject({ status: entry.status });
        expect(error.message).toMatch(entry.says);
      }
      expect((await stored()).length).toBe(before);
    });

    it('limits turns per member (429 with Retry-After) through the shared limiter', async () => {
      const before = (await stored()).length;
      const limiter = await sharedWindowLimiter(runtime, { name: 'copilot-turns', windowSeconds: 60 });
      // Spend the rest of this minute's turns as the earlier tests' member.
      while ((await limiter.hit(`user:${owner.user.id}`, COPILOT_TURNS_PER_MINUTE)).ok);
      const refused = await turn(editorSession, agentId, {
        message: 'add memory',
        graph: starterGraph(),
        revision: 1,
      });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await refused.json()) as ErrorBody).error.message).toMatch(/at most 20 requests a minute/);
      expect((await stored()).length).toBe(before);
    });
  });
}

const { redisUrl, postgres } = scaleOutBackends;

describe.skipIf(!redisUrl || !postgres)(
  'Copilot turn limit across server processes (PostgreSQL + REDIS_URL)',
  () => {
    const deployment = scaleOutProcesses('copilot');
    const serverProcess = () => deployment.serverProcess();

    it('counts one member’s turns once for all processes', async () => {
      const [first, second] = [await serverProcess(), await serverProcess()];
      const owner = await createTestOwner(first);
      const session = await createSession(first, owner.user.id);
      const agent = await createAgent(first, owner, { name: 'Shared', graph: starterGraph() });
      const turnOn = (runtime: Runtime) =>
        handleCopilotTurn(
          runtime,
          new Request(`${ORIGIN}/api/v1/agents/${agent.id}/copilot`, {
            method: 'POST',
            headers: { host: '127.0.0.1:3000', origin: ORIGIN, cookie: `agentry_session=${session}` },
            body: JSON.stringify({ message: 'explain this graph', graph: starterGraph(), revision: 1 }),
          }),
          agent.id,
        );
      // Half the minute's turns through each process: each alone would still have room.
      for (let index = 0; index < COPILOT_TURNS_PER_MINUTE; index++) {
        const response = await turnOn(index % 2 === 0 ? first : second);
        expect(response.status).toBe(200);
        await response.text();
      }
      for (const runtime of [first, second]) {
        const refused = await turnOn(runtime);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }, 60_000);
  },
);
