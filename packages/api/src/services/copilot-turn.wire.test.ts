import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { defaultNodeRegistry, type Graph, validateGraph } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCopilotTurn } from '../http/copilot';
import { createKnowledgeBase } from '../knowledge/knowledge-bases';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { type CopilotMessage, listCopilotMessages } from './copilot-messages';
import { setCopilotSettings } from './copilot-settings';
import type { CopilotStreamLine } from './copilot-turn';
import { createCredential, deleteCredential } from './credentials';
import { createSession } from './auth';

const SECRET = 'sk-copilot-wire-test-0123456789abcdef';
const ORIGIN = 'http://127.0.0.1:3000';

/** One streamed answer of the fake provider: tool calls (name and JSON arguments), or text. */
type Reply = { toolCalls: { name: string; arguments: unknown }[] } | { text: string };

interface SeenRequest {
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    model: string;
    messages: { role: string; content: unknown; tool_call_id?: string }[];
    tools?: { function: { name: string } }[];
  };
}

/**
 * A loopback OpenAI-compatible chat completions server that streams the scripted replies in order (text
 * "Done." once they run out), or fails with a status, or starts an answer and never ends it.
 */
async function startFakeProvider() {
  const seen: SeenRequest[] = [];
  let script: Reply[] = [];
  let mode: 'script' | { status: number } | 'hang' = 'script';
  let closedEarly = 0;
  const chunk = (response: ServerResponse, delta: Record<string, unknown>, finish: string | null = null) =>
    response.write(
      `data: ${JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion.chunk',
        created: 1767225600,
        model: 'fake-model',
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`,
    );
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (part: string) => (raw += part));
    request.on('end', () => {
      seen.push({ headers: request.headers, raw, body: JSON.parse(raw) });
      if (typeof mode === 'object') {
        response.writeHead(mode.status, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { message: 'The fake provider is overloaded.', type: 'server_error' } }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (mode === 'hang') {
        response.on('close', () => (closedEarly += 1));
        chunk(response, { role: 'assistant', content: 'Thinking' });
        return;
      }
      const reply = script.shift() ?? { text: 'Done.' };
      if ('text' in reply) {
        chunk(response, { role: 'assistant', content: reply.text });
        chunk(response, {}, 'stop');
      } else {
        chunk(response, {
          role: 'assistant',
          content: null,
          tool_calls: reply.toolCalls.map((call, index) => ({
            index,
            id: `call_${seen.length}_${index}`,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        });
        chunk(response, {}, 'tool_calls');
      }
      response.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    closedEarly: () => closedEarly,
    play(replies: Reply[]) {
      mode = 'script';
      script = [...replies];
    },
    fail(status: number) {
      mode = { status };
    },
    hang() {
      mode = 'hang';
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The example chatbot without its Memory node: what the model is asked to complete. */
function chatbotWithoutMemory(credentialId: string): Graph {
  const node = (id: string, type: string, x: number, config: Record<string, unknown>) => ({
    id,
    type,
    position: { x, y: 80 },
    data: { label: id, config },
  });
  const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
    id: `${source}-${target}`,
    source,
    sourceHandle,
    target,
    targetHandle,
  });
  return {
    version: 1,
    nodes: [
      node('chat-input', 'chat-input', 0, {}),
      node('prompt', 'prompt', 280, { system: 'You are the shop assistant.', template: '{{message}}' }),
      node('model', 'model', 560, { provider: 'openai', model: 'gpt-5-mini', credentialId }),
      node('chat-output', 'chat-output', 840, {}),
    ],
    edges: [
      edge('chat-input', 'message', 'prompt', 'message'),
      edge('prompt', 'prompt', 'model', 'prompt'),
      edge('model', 'text', 'chat-output', 'text'),
    ],
  };
}

async function readLines(response: Response): Promise<CopilotStreamLine[]> {
  return (await response.text())
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as CopilotStreamLine);
}

for (const backend of testBackends()) {
  describe(`a Copilot turn with a model (fake OpenAI-compatible provider) on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let session: string;
    let agentId: string;
    let credentialId: string;
    let fake: Awaited<ReturnType<typeof startFakeProvider>>;

    const turn = (message: string, graph: Graph, signal?: AbortSignal) =>
      handleCopilotTurn(
        runtime,
        new Request(`${ORIGIN}/api/v1/agents/${agentId}/copilot`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            host: '127.0.0.1:3000',
            origin: ORIGIN,
            cookie: `agentry_session=${session}`,
          },
          body: JSON.stringify({ message, graph, revision: 1 }),
          signal,
        }),
        agentId,
      );

    beforeAll(async () => {
      database = await backend.open();
      // The fake provider listens on loopback: the admin allows that host, as a local gateway needs.
      runtime = await testRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
      owner = await createTestOwner(runtime);
      session = await createSession(runtime, owner.user.id);
      fake = await startFakeProvider();
      const credential = await createCredential(runtime, owner, {
        name: 'Shop gateway',
        provider: 'openai-compatible',
        apiKey: SECRET,
        baseUrl: fake.url,
      });
      credentialId = credential.id;
      await createKnowledgeBase(runtime, owner, { name: 'Shop handbook' });
      await setCopilotSettings(runtime, owner, {
        provider: 'openai-compatible',
        model: 'fake-model',
        credentialId,
      });
      agentId = (
        await createAgent(runtime, owner, { name: 'Shop bot', graph: chatbotWithoutMemory(credentialId) })
      ).id;
      // Another draft using an MCP server, its address holding a token (as a draft from before secret checks could).
      const weather = {
        id: 'weather',
        type: 'mcp-tools',
        position: { x: 0, y: 0 },
        data: {
          label: 'Weather tools',
          config: { url: 'https://user:pw@mcp.example.com/sse?token=tok-hidden-42#frag' },
        },
      };
      await createAgent(runtime, owner, {
        name: 'Weather bot',
        graph: { version: 1, nodes: [weather], edges: [] },
      });
    }, 60_000);
    afterAll(async () => {
      await fake.close();
      await database.close();
    });

    it('edits through tools (a refused edit corrected), proposes a valid graph, and sends the key only in Authorization', async () => {
      fake.play([
        {
          toolCalls: [
            {
              name: 'addNode',
              arguments: {
                id: 'memory',
                type: 'memory',
                config: { windowSize: 10 },
                position: { x: 280, y: 300 },
              },
            },
            {
              name: 'connect',
              arguments: {
                source: 'memory',
                sourceHandle: 'memory',
                target: 'model',
                targetHandle: 'history',
              },
            },
          ],
        },
        {
          toolCalls: [
            {
              name: 'connect',
              arguments: {
                source: 'memory',
                sourceHandle: 'memory',
                target: 'model',
                targetHandle: 'memory',
              },
            },
          ],
        },
        { text: 'I added a Memory node feeding the model, so the bot remembers the conversation.' },
      ]);
      const before = fake.seen.length;
      const response = await turn('add memory', chatbotWithoutMemory(credentialId));
      expect(response.status).toBe(200);
      const lines = await readLines(response);

      expect(lines[0]).toMatchObject({
        type: 'start',
        by: {
          kind: 'model',
          provider: 'openai-compatible',
          model: 'fake-model',
          label: 'openai-compatible/fake-model',
        },
      });
      const edits = lines.filter((line) => line.type === 'edit');
      expect(edits.map((line) => [line.edit.op, line.applied])).toEqual([
        ['addNode', true],
        ['connect', false],
        ['connect', true],
      ]);
      expect(edits[1]).toMatchObject({ problem: expect.stringMatching(/history/) });
      const text = lines.flatMap((line) => (line.type === 'text' ? [line.delta] : [])).join('');
      expect(text).toMatch(/Memory node/);
      expect(lines.some((line) => line.type === 'error')).toBe(false);
      const message = (lines.at(-1) as { type: 'message'; message: CopilotMessage }).message;
      expect(message).toMatchObject({ role: 'assistant', status: 'proposed' });
      expect(message.content).toMatch(/remembers the conversation/);
      const proposal = message.proposal!;
      expect(proposal.by).toEqual({ kind: 'model', label: 'openai-compatible/fake-model' });
      expect(proposal.edits.map((edit) => edit.op)).toEqual(['addNode', 'connect']);
      const validation = validateGraph(proposal.graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      expect(proposal.changes.map((change) => change.kind).sort()).toEqual(['edge-added', 'node-added']);

      // Three provider calls: the tool round, the corrected call, the explanation.
      const calls = fake.seen.slice(before);
      expect(calls).toHaveLength(3);
      const [first, second] = calls;
      expect(first!.body.model).toBe('fake-model');
      const system = first!.body.messages[0]!;
      expect(system.role).toBe('system');
      const prompt = String(system.content);
      // The catalog, the canvas (ids, settings, the credential by id) and the workspace by name.
      for (const expected of [
        'Node catalog',
        'memory',
        'knowledge',
        'chat-input',
        'You are the shop assistant.',
        credentialId,
        'Shop handbook',
        'Shop gateway',
        'Weather bot',
        'https://mcp.example.com/sse',
        'Weather tools',
      ])
        expect(prompt).toContain(expected);
      expect(first!.body.messages.at(-1)).toMatchObject({ role: 'user', content: 'add memory' });
      expect(first!.body.tools!.map((tool) => tool.function.name).sort()).toEqual([
        'addNode',
        'connect',
        'disconnect',
        'moveNode',
        'removeNode',
        'setConfig',
      ]);
      // The refused edit went back to the model with its problem.
      const refusal = second!.body.messages
        .filter((entry) => entry.role === 'tool')
        .map((entry) => JSON.stringify(entry.content));
      expect(refusal.join('\n')).toMatch(/"ok\\?":false/);

      expect(prompt).not.toMatch(/tok-hidden-42|user:pw|#frag/);
      // The key: in the Authorization header of every call, nowhere else.
      for (const call of calls) {
        expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
        expect(call.raw).not.toContain(SECRET);
        const otherHeaders = Object.entries(call.headers).filter(([name]) => name !== 'authorization');
        expect(JSON.stringify(otherHeaders)).not.toContain(SECRET);
      }
      expect(JSON.stringify(lines)).not.toContain(SECRET);
    });

    it('ends with the stored answer and an error line when the provider fails; the history goes along', async () => {
      fake.fail(500);
      const before = fake.seen.length;
      const response = await turn('make it answer in Chinese', chatbotWithoutMemory(credentialId));
      expect(response.status).toBe(200);
      const lines = await readLines(response);
      expect(lines.map((line) => line.type)).toEqual(['start', 'message', 'error']);
      const [, stored, error] = lines as [
        unknown,
        { message: CopilotMessage },
        { code: string; message: string },
      ];
      expect(error.code).toBe('provider_failed');
      expect(error.message).toMatch(/\S/);
      expect(stored.message).toMatchObject({
        role: 'assistant',
        status: null,
        proposal: null,
        content: error.message,
      });
      // One call (no retries), carrying the earlier turns of this agent's conversation.
      expect(fake.seen.length).toBe(before + 1);
      const history = fake.seen.at(-1)!.body.messages.filter((entry) => entry.role !== 'system');
      expect(history.map((entry) => entry.role)).toEqual(['user', 'assistant', 'user']);
      expect(history[0]!.content).toBe('add memory');

      const listed = await listCopilotMessages(runtime, owner, agentId);
      expect(listed.at(-1)).toEqual(stored.message);
      expect(listed.at(-2)).toMatchObject({ role: 'user', content: 'make it answer in Chinese' });
    });

    it('says what to fix when the chosen model cannot be built: no key, a deleted credential', async () => {
      const calls = fake.seen.length;
      const failureOf = async () => {
        const lines = await readLines(await turn('add memory', chatbotWithoutMemory(credentialId)));
        expect(lines.map((line) => line.type)).toEqual(['start', 'message', 'error']);
        return lines[2] as { code: string; message: string };
      };
      try {
        await setCopilotSettings(runtime, owner, { provider: 'anthropic', model: '' });
        expect(await failureOf()).toEqual({
          type: 'error',
          code: 'provider_failed',
          message:
            "The Copilot's model (anthropic) needs an API key: choose a credential in Settings → Copilot.",
        });
        const doomed = await createCredential(runtime, owner, {
          name: 'Doomed',
          provider: 'openai',
          apiKey: 'sk-doomed-1234',
        });
        await setCopilotSettings(runtime, owner, { provider: 'openai', model: '', credentialId: doomed.id });
        await deleteCredential(runtime, owner, doomed.id);
        expect(await failureOf()).toMatchObject({
          code: 'provider_failed',
          message: expect.stringMatching(new RegExp(`credential \\(${doomed.id}\\) does not exist anymore`)),
        });
        // Neither reached a provider.
        expect(fake.seen.length).toBe(calls);
      } finally {
        await setCopilotSettings(runtime, owner, {
          provider: 'openai-compatible',
          model: 'fake-model',
          credentialId,
        });
      }
    });

    it('stops the provider call when the client goes away, and stores the stopped turn', async () => {
      fake.hang();
      const client = new AbortController();
      const response = await turn('explain this graph', chatbotWithoutMemory(credentialId), client.signal);
      const reader = response.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(JSON.parse(first.split('\n')[0]!)).toMatchObject({ type: 'start' });
      await expect
        .poll(() => fake.seen.at(-1)?.body.messages.at(-1)?.content, { timeout: 5_000 })
        .toBe('explain this graph');
      client.abort();
      await expect.poll(() => fake.closedEarly(), { timeout: 5_000 }).toBe(1);
      await expect
        .poll(async () => (await listCopilotMessages(runtime, owner, agentId)).at(-1), { timeout: 5_000 })
        .toMatchObject({
          role: 'assistant',
          status: null,
          content: expect.stringMatching(/cancelled|stopped/),
        });
      await reader.cancel().catch(() => undefined);
    });
  });
}
