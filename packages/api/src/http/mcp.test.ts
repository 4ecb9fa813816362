import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import type { LanguageModelFactory } from '@agentry/engine';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestionQueue } from '../knowledge/ingestion-queue';
import { createKnowledgeBase } from '../knowledge/knowledge-bases';
import { addText } from '../knowledge/knowledge-documents';
import { createQaAgent } from '../knowledge/qa-agent';
import type { Runtime } from '../runtime';
import { publishAgent } from '../services/agent-versions';
import { createAgent } from '../services/agents';
import { createApiKey } from '../services/api-keys';
import type { Actor } from '../services/auth';
import { closeMcpCancellations } from '../services/mcp-cancel';
import { createTestOwner, testRuntime } from '../test-support';
import { handleMcp } from './mcp';
import { SLOW_WORDS as WORDS, slowWordModels as slowModels } from '../test-support';
import { scaleOutBackends, scaleOutProcesses } from '../test-support';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const MCP_URL = 'http://127.0.0.1:3000/api/mcp';

/** A fetch that answers /api/mcp with the handler of `route(body)`'s runtime, in process. */
function mcpFetch(
  route: (body: string) => Runtime,
  options: { languageModels?: LanguageModelFactory; seen?: (body: string) => void } = {},
): typeof fetch {
  return async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    options.seen?.(body);
    return handleMcp(route(body), new Request(input, init), { languageModels: options.languageModels });
  };
}

/** An official SDK client connected to the handler with `key`. */
async function connect(key: string, fetch: typeof globalThis.fetch) {
  const client = new Client({ name: 'agentry-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    requestInit: { headers: { authorization: `Bearer ${key}` } },
    fetch,
  });
  await client.connect(transport);
  return { client, transport };
}

type Row = Record<string, unknown>;

/** Polls the agent's newest MCP run until its status is one of `statuses` (runs are written as they end). */
async function mcpRunOf(database: DatabaseHandle, agentId: string, statuses: string[], after = new Date(0)) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = (await database.execute(
      `select id, status, source, api_key_id, version_id, answer from runs where agent_id = '${agentId}' and source = 'mcp' and started_at > '${after.toISOString()}' order by started_at desc limit 1`,
    )) as Row[];
    if (row && statuses.includes(row.status as string)) return row;
    if (Date.now() > deadline) throw new Error(`No ${statuses.join('/')} MCP run: ${JSON.stringify(row)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The body of a raw `notifications/cancelled` POST for the call `requestId` of `sessionId`. */
function cancelRequest(key: string, sessionId: string, requestId: number) {
  return new Request(MCP_URL, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${key}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId, reason: 'not yours' },
    }),
  });
}

/** The JSON-RPC id of every tools/call POST the client sent. */
function callIds(bodies: string[]): number[] {
  return bodies.flatMap((body) => {
    if (!body) return [];
    const message = JSON.parse(body) as { method?: string; id?: number };
    return message.method === 'tools/call' && typeof message.id === 'number' ? [message.id] : [];
  });
}

for (const backend of testBackends()) {
  describe(`/api/mcp with the official MCP client on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let key: string;
    let keyId: string;
    let chatbotAgent: { id: string };
    let slowAgent: { id: string };
    const fetchHere = (options: Parameters<typeof mcpFetch>[1] = {}) => mcpFetch(() => runtime, options);

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      const created = await createApiKey(runtime, owner.workspaceId, 'mcp', { scopes: ['run'] });
      key = created.key;
      keyId = created.id;
      chatbotAgent = await createAgent(runtime, owner, {
        name: 'Chatbot',
        description: 'A friendly demo assistant.',
        graph: chatbot,
      });
      slowAgent = await createAgent(runtime, owner, { name: 'Slow writer', graph: chatbot });
      await createAgent(runtime, owner, { name: 'Draft only', graph: chatbot });
      await publishAgent(runtime, owner, { id: chatbotAgent.id });
      await publishAgent(runtime, owner, { id: slowAgent.id });
    }, 60_000);
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await closeMcpCancellations(runtime);
      await database.close();
    });

    it('lists each published agent as a tool named from its slug, with its input and output schemas', async () => {
      const { client, transport } = await connect(key, fetchHere());
      // Our own session id, which the client sends back (it finds cancellations of its calls).
      expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(client.getServerVersion()?.name).toBe('agentry');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['chatbot', 'slow-writer']);
      const [chat, slow] = tools;
      expect(chat!.description).toBe('A friendly demo assistant.');
      expect(slow!.description).toBe('Runs the agent Slow writer.');
      expect(chat!.inputSchema).toMatchObject({
        type: 'object',
        properties: { message: { type: 'string' }, conversationId: { type: 'string' } },
        required: ['message'],
      });
      expect(Object.keys(chat!.outputSchema!.properties!).sort()).toEqual([
        'answer',
        'conversationId',
        'runId',
        'sources',
        'status',
      ]);
      // The unpublished agent is not a tool, and calling it by its slug finds nothing.
      expect(tools.map((tool) => tool.title)).toEqual(['Chatbot', 'Slow writer']);
      const result = await client.callTool({ name: 'draft-only', arguments: { message: 'Hi' } });
      expect(result.isError).toBe(true);
      await client.close();
    });

    it('runs the agent for a call: the answer, a recorded run, progress, and the conversation goes on', async () => {
      const { client } = await connect(key, fetchHere());
      const progress: Progress[] = [];
      const started = new Date(Date.now() - 1000);
      const result = await client.callTool(
        { name: 'chatbot', arguments: { message: 'My name is Ada.' } },
        undefined,
        { onprogress: (update) => progress.push(update) },
      );
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as {
        status: string;
        answer: string;
        runId: string;
        conversationId: string;
        sources: unknown[];
      };
      expect(structured.status).toBe('succeeded');
      expect(structured.answer).toContain('[Offline model]');
      expect(result.content).toEqual([{ type: 'text', text: structured.answer }]);
      expect(structured.sources).toEqual([]);
      // The streamed text, put together, is the answer; progress counts its characters and only grows.
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.map((update) => update.message).join('')).toBe(structured.answer);
      expect(progress.at(-1)!.progress).toBe(structured.answer.length);
      const counts = progress.map((update) => update.progress);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      const run = await mcpRunOf(database, chatbotAgent.id, ['succeeded'], started);
      expect(run).toMatchObject({ id: structured.runId, source: 'mcp', api_key_id: keyId });
      expect(run.version_id).toBeTruthy();
      expect(run.answer).toBe(structured.answer);

      const followUp = await client.callTool({
        name: 'chatbot',
        arguments: { message: 'What is my name?', conversationId: structured.conversationId },
      });
      expect((followUp.structuredContent as { conversationId: string }).conversationId).toBe(
        structured.conversationId,
      );
      const unknown = await client.callTool({
        name: 'chatbot',
        arguments: { message: 'Hi', conversationId: 'no-such-conversation' },
      });
      expect(unknown.isError).toBe(true);
      expect(JSON.stringify(unknown.content)).toContain('conversation does not exist');
      await client.close();
    });

    it('streams a long answer as batched progress notifications, at most about ten a second', async () => {
      const { client } = await connect(key, fetchHere({ languageModels: slowModels(15) }));
      const progress: { at: number; update: Progress }[] = [];
      const startedAt = performance.now();
      const result = await client.callTool(
        { name: 'slow-writer', arguments: { message: 'Write something long.' } },
        undefined,
        { onprogress: (update) => progress.push({ at: performance.now(), update }) },
      );
      const tookMs = performance.now() - startedAt;
      const answer = (result.structuredContent as { answer: string }).answer;
      expect(answer).toBe(WORDS.join(''));
      expect(progress.map((entry) => entry.update.message).join('')).toBe(answer);
      // 30 deltas over ~450 ms arrive as a handful of batches, not 30 messages.
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.length).toBeLessThan(WORDS.length / 2);
      expect(progress.length).toBeLessThanOrEqual(Math.ceil(tookMs / 100) + 1);
      await client.close();
    });

    it('refuses a wrong or missing key with 401 and WWW-Authenticate, and a key without the run scope with 403', async () => {
      const refused = await connect('agt_not-a-real-key', fetchHere()).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(StreamableHTTPError);
      expect((refused as StreamableHTTPError).code).toBe(401);

      const initialize = (authorization?: string) =>
        handleMcp(
          runtime,
          new Request(MCP_URL, {
            method: 'POST',
            headers: {
              ...(authorization ? { authorization } : {}),
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 0,
              method: 'initialize',
              params: {
                protocolVersion: '2025-06-18',
                capabilities: {},
                clientInfo: { name: 'raw', version: '1' },
              },
            }),
          }),
        );
      const wrong = await initialize('Bearer agt_not-a-real-key');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="agentry", error="invalid_token"');
      expect(await wrong.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
      const missing = await initialize();
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="agentry"');
      expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(
        'Authorization: Bearer',
      );
      const manager = await createApiKey(runtime, owner.workspaceId, 'manage only', { scopes: ['manage'] });
      const noScope = await initialize(`Bearer ${manager.key}`);
      expect(noScope.status).toBe(403);
      expect(((await noScope.json()) as { error: { message: string } }).error.message).toContain('"run"');
    });

    it('a key limited to one agent lists only that agent and cannot call another (no hint that it exists)', async () => {
      const limited = await createApiKey(runtime, owner.workspaceId, 'chatbot only', {
        scopes: ['run'],
        agents: ['chatbot'],
      });
      const { client } = await connect(limited.key, fetchHere());
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(['chatbot']);
      const allowed = await client.callTool({ name: 'chatbot', arguments: { message: 'Hello' } });
      expect(allowed.isError).toBeFalsy();
      const other = await client.callTool({ name: 'slow-writer', arguments: { message: 'Hello' } });
      const nothing = await client.callTool({ name: 'no-such-agent', arguments: { message: 'Hello' } });
      expect(other.isError).toBe(true);
      expect(JSON.stringify(other.content)).toBe(
        JSON.stringify(nothing.content).replace('no-such-agent', 'slow-writer'),
      );
      expect(JSON.stringify(other.content)).not.toContain('Slow writer');
      await client.close();
    });

    it("the client's cancellation cancels the run; another key's cancellation of the same call does not", async () => {
      const bodies: string[] = [];
      const { client, transport } = await connect(
        key,
        fetchHere({ languageModels: slowModels(40), seen: (body) => bodies.push(body) }),
      );
      const other = await createApiKey(runtime, owner.workspaceId, 'other', { scopes: ['run'] });

      // Another key names this call exactly (session and request id): nothing happens to it.
      let foreignSent: Promise<Response> | undefined;
      const finished = await client.callTool(
        { name: 'slow-writer', arguments: { message: 'Take your time.' } },
        undefined,
        {
          // Were it cancelled, its answer would never come: fail well before the test's own timeout.
          timeout: 10_000,
          onprogress: () => {
            foreignSent ??= handleMcp(
              runtime,
              cancelRequest(other.key, transport.sessionId!, callIds(bodies).at(-1)!),
            );
          },
        },
      );
      expect((await foreignSent!).status).toBe(202);
      expect((finished.structuredContent as { answer: string }).answer).toBe(WORDS.join(''));

      const controller = new AbortController();
      const cancelledAt = new Date(Date.now() - 1000);
      const call = client.callTool({ name: 'slow-writer', arguments: { message: 'Stop me.' } }, undefined, {
        signal: controller.signal,
        onprogress: () => controller.abort('changed my mind'),
      });
      await expect(call).rejects.toThrow();
      const run = await mcpRunOf(database, slowAgent.id, ['cancelled', 'succeeded', 'failed'], cancelledAt);
      expect(run.status).toBe('cancelled');
      expect((run.answer as string).length).toBeLessThan(WORDS.join('').length);
      await client.close();
    });

    it('a client that goes away mid-answer cancels the run', async () => {
      const startedAt = new Date(Date.now() - 1000);
      const response = await handleMcp(
        runtime,
        new Request(MCP_URL, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 7,
            method: 'tools/call',
            params: {
              name: 'slow-writer',
              arguments: { message: 'I will not wait.' },
              _meta: { progressToken: 'left' },
            },
          }),
        }),
        { languageModels: slowModels(40) },
      );
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('"notifications/progress"');
      await reader.cancel();
      const run = await mcpRunOf(database, slowAgent.id, ['cancelled', 'succeeded', 'failed'], startedAt);
      expect(run.status).toBe('cancelled');
    });

    it('returns the knowledge sources of an answer as text and structured content', async () => {
      const base = await createKnowledgeBase(runtime, owner, { name: 'Policies' });
      await addText(runtime, owner, {
        id: base.id,
        name: 'Leave',
        text: '# Leave\n\nEmployees get 27 days of paid leave a year.',
      });
      await ingestionQueue(runtime).idle();
      const qa = await createQaAgent(runtime, owner, { knowledgeBaseId: base.id, name: 'Policy answers' });
      await publishAgent(runtime, owner, { id: qa.id });
      const { client } = await connect(key, fetchHere());
      const result = await client.callTool({
        name: 'policy-answers',
        arguments: { message: 'How many days of paid leave do employees get?' },
      });
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as {
        answer: string;
        sources: { index: number; documentName: string; heading: string; excerpt: string }[];
      };
      expect(structured.sources[0]).toMatchObject({ index: 1, documentName: 'Leave.md' });
      expect(structured.sources[0]!.excerpt).toContain('27 days');
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text.startsWith(structured.answer)).toBe(true);
      expect(text).toMatch(/Sources:\n- \[1\] Leave\.md/);
      await client.close();
    });

    it('a run that waits for a person is not an error: the text names the run and how to resume it', async () => {
      const refund = JSON.parse(
        readFileSync(path.resolve(import.meta.dirname, '../templates/refund-with-approval.json'), 'utf8'),
      );
      const agent = await createAgent(runtime, owner, { name: 'Refunds', graph: refund });
      await publishAgent(runtime, owner, { id: agent.id });
      const { client } = await connect(key, fetchHere());
      const result = await client.callTool({
        name: 'refunds',
        arguments: { message: 'Refund order 7 for 20 EUR, it arrived broken.' },
      });
      expect(result.isError).toBeFalsy();
      const structured = result.structuredContent as { status: string; runId: string };
      expect(structured.status).toBe('waiting');
      const text = (result.content as { text: string }[])[0]!.text;
      expect(text).toContain('waiting for a person');
      expect(text).toContain(`GET /api/v1/runs/${structured.runId}`);
      const run = await mcpRunOf(database, agent.id, ['waiting']);
      expect(run.id).toBe(structured.runId);
      await client.close();
    });

    it('answers GET with 405 (no server stream), DELETE with 200, and a body past the limit with 413 before parsing it', async () => {
      const get = await handleMcp(
        runtime,
        new Request(MCP_URL, { headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } }),
      );
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST, DELETE');
      // Ending a session is allowed (it holds nothing), with a key.
      const ended = await handleMcp(
        runtime,
        new Request(MCP_URL, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${key}`, 'mcp-session-id': crypto.randomUUID() },
        }),
      );
      expect(ended.status).toBe(200);
      const large = await handleMcp(
        runtime,
        new Request(MCP_URL, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"${'a'.repeat(1_100_000)}"}}`,
        }),
      );
      expect(large.status).toBe(413);
      expect(await large.json()).toMatchObject({ jsonrpc: '2.0', error: { data: { code: 'too_large' } } });
    });
  });
}

const { redisUrl, postgres } = scaleOutBackends;

describe.skipIf(!redisUrl || !postgres)(
  '/api/mcp cancellation across server processes (PostgreSQL + REDIS_URL)',
  () => {
    const deployment = scaleOutProcesses('mcp', closeMcpCancellations);
    const serverProcess = () => deployment.serverProcess();

    it('a cancellation that reaches server B cancels the call server A holds', async () => {
      const [first, second] = [await serverProcess(), await serverProcess()];
      const owner = await createTestOwner(first);
      const { key } = await createApiKey(first, owner.workspaceId, 'mcp', { scopes: ['run'] });
      const agent = await createAgent(first, owner, { name: 'Slow writer', graph: chatbot });
      await publishAgent(first, owner, { id: agent.id });
      const reached: string[] = [];
      // Everything goes to A except the cancellation, which a load balancer happens to send to B.
      const { client } = await connect(
        key,
        mcpFetch(
          (body) => {
            const toSecond = body.includes('"notifications/cancelled"');
            reached.push(toSecond ? 'B' : 'A');
            return toSecond ? second : first;
          },
          { languageModels: slowModels(40) },
        ),
      );
      const controller = new AbortController();
      const startedAt = new Date(Date.now() - 1000);
      const call = client.callTool(
        { name: 'slow-writer', arguments: { message: 'Stop me from B.' } },
        undefined,
        { signal: controller.signal, onprogress: () => controller.abort('stop') },
      );
      await expect(call).rejects.toThrow();
      const run = await mcpRunOf(
        deployment.database,
        agent.id,
        ['cancelled', 'succeeded', 'failed'],
        startedAt,
      );
      expect(run.status).toBe('cancelled');
      expect(reached).toContain('B');
      await client.close();
    });
  },
);
