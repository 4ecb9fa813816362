import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { agents, workspaces } from '@agentry/db';
import {
  createHttpFetcher,
  createMemoryCheckpoints,
  createMemoryContext,
  createMemoryKnowledge,
  defaultNodeRegistry,
  type EngineEvent,
  runGraph,
  type Graph,
  validateGraph,
} from '@agentry/engine';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { createKnowledgeBase } from '../knowledge/knowledge-bases';
import { getAgent } from './agents';
import type { Actor } from './auth';
import {
  agentTemplates,
  createAgentFromTemplate,
  listTemplates,
  starterGraph,
  withKnowledgeBase,
} from './templates';
import { listTriggers } from './triggers';

// A message per template that exercises what it is for (a question for the router, a sum for the tools).
const MESSAGES: Record<string, string> = {
  'basic-chatbot': 'Hello, my name is Ada.',
  translator: 'Good morning, how are you?',
  'support-agent': 'I bought 3 items at 12.50 each; what is 3 * 12.5?',
  'autonomous-agent': 'Work out 17 * 23 and tell me the time.',
  router: 'What is the capital of France?',
  'knowledge-qa': 'How long is the warranty on the kettle?',
  'refund-with-approval': 'Please refund order 1042: the kettle arrived broken, it cost 39.90.',
  'mcp-agent': 'What does get_forecast say for Paris?',
  'daily-digest': "Write today's digest.",
};

/** Templates that call hosts on the internet: their run test points them at a loopback stand-in instead. */
const CALLS_OUT = new Set(['daily-digest']);

/**
 * Templates that point at something only the user can name (an MCP server and its tools): as shipped,
 * they show exactly these problems in the builder; `setUp` fills them in for the run test.
 */
const NEEDS_SETUP: Record<string, { problems: { nodeId: string; path: string[] }[] }> = {
  // Asked for when an agent is made from it (`needs`), so the new-agent dialog asks for it.
  'knowledge-qa': { problems: [{ nodeId: 'knowledge', path: ['knowledgeBaseId'] }] },
  'mcp-agent': {
    problems: [
      { nodeId: 'mcp-tools', path: ['url'] },
      { nodeId: 'mcp-tools', path: ['tools'] },
    ],
  },
};

/** A real MCP server (the official SDK, stateless Streamable HTTP) on loopback with one weather tool. */
async function startWeatherServer(): Promise<{ url: string; calls: string[]; server: Server }> {
  const calls: string[] = [];
  const server = createServer(async (request, response) => {
    const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
    mcp.registerTool(
      'get_forecast',
      { description: 'Weather forecast for a city', inputSchema: { city: z.string() } },
      async ({ city }) => {
        calls.push(city);
        return { content: [{ type: 'text', text: 'Sunny, 21 degrees.' }] };
      },
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, calls, server };
}

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('built-in templates', () => {
  it('lists the nine templates with names and descriptions', () => {
    expect(listTemplates().map((template) => template.id)).toEqual([
      'basic-chatbot',
      'translator',
      'support-agent',
      'autonomous-agent',
      'router',
      'knowledge-qa',
      'refund-with-approval',
      'mcp-agent',
      'daily-digest',
    ]);
    for (const template of listTemplates()) {
      expect(template.name.length).toBeGreaterThan(2);
      expect(template.description.length).toBeGreaterThan(20);
    }
  });

  for (const template of agentTemplates().filter(
    (candidate) => !NEEDS_SETUP[candidate.id] && !CALLS_OUT.has(candidate.id),
  )) {
    it(`${template.id}: passes validateGraph and runs to run-end on the offline model`, async () => {
      const validation = validateGraph(template.graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      const context = createMemoryContext();
      const checkpoints = createMemoryCheckpoints();
      const input = { message: MESSAGES[template.id]!, history: [] };
      let events = await collect(runGraph({ graph: template.graph, input, context, checkpoints }));
      const waiting = events.at(-1);
      if (waiting?.type === 'run-waiting') {
        // A template that asks a person continues once approved.
        events = await collect(
          runGraph({
            graph: template.graph,
            input,
            context,
            checkpoints,
            resumeFrom: checkpoints.latest(waiting.runId),
            resumeWith: { requestId: waiting.request.id, choice: waiting.request.choices[0]!.id },
          }),
        );
      }
      const end = events.at(-1);
      expect(end?.type, JSON.stringify(end)).toBe('run-end');
      expect(end?.type === 'run-end' ? end.answer : '').toMatch(/\S/);
    });
  }

  it('asks for a knowledge base exactly where a Knowledge node would search none', () => {
    for (const template of agentTemplates()) {
      const searchesNone = template.graph.nodes.some(
        (node) => node.type === 'knowledge' && !node.data.config?.knowledgeBaseId,
      );
      expect(template.needs.includes('knowledgeBase'), template.id).toBe(searchesNone);
    }
    expect(listTemplates().find((template) => template.id === 'knowledge-qa')?.needs).toEqual([
      'knowledgeBase',
    ]);
  });

  it('knowledge-qa: shows only the knowledge base as a problem, then searches the picked one and cites it', async () => {
    const template = agentTemplates().find((candidate) => candidate.id === 'knowledge-qa')!;
    const shipped = validateGraph(template.graph, defaultNodeRegistry);
    expect(shipped.ok ? [] : shipped.problems.map(({ nodeId, path }) => ({ nodeId, path }))).toEqual(
      NEEDS_SETUP['knowledge-qa']!.problems,
    );
    const knowledge = createMemoryKnowledge();
    await knowledge.ingest({
      knowledgeBaseId: 'kb-kettles',
      documents: [{ name: 'kettle.md', content: '# Warranty\n\nThe kettle carries a five-year warranty.' }],
    });
    const graph = withKnowledgeBase(template.graph, 'kb-kettles');
    expect(template.graph.nodes.find((node) => node.id === 'knowledge')?.data.config?.knowledgeBaseId).toBe(
      '',
    );
    const events = await collect(
      runGraph({
        graph,
        input: { message: MESSAGES['knowledge-qa']!, history: [] },
        context: { ...createMemoryContext(), knowledge },
      }),
    );
    const end = events.at(-1);
    expect(end?.type, JSON.stringify(end)).toBe('run-end');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'tool-result', toolName: 'search_knowledge', isError: false }),
    );
    const answer = end?.type === 'run-end' ? end.answer : '';
    expect(answer).toContain('five-year warranty');
    expect(answer).toContain('- [1] kettle.md — Warranty');
  });

  it('mcp-agent: shows only the MCP server and its tools as problems, then calls the picked tool on the offline model', async () => {
    const template = agentTemplates().find((candidate) => candidate.id === 'mcp-agent')!;
    const shipped = validateGraph(template.graph, defaultNodeRegistry);
    expect(shipped.ok ? [] : shipped.problems.map(({ nodeId, path }) => ({ nodeId, path }))).toEqual(
      NEEDS_SETUP['mcp-agent']!.problems,
    );

    const weather = await startWeatherServer();
    try {
      const graph = structuredClone(template.graph) as Graph;
      const node = graph.nodes.find((candidate) => candidate.id === 'mcp-tools')!;
      node.data.config = { ...node.data.config, url: weather.url, tools: ['get_forecast'] };
      const validation = validateGraph(graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      const events = await collect(
        runGraph({
          graph,
          input: { message: MESSAGES['mcp-agent']!, history: [] },
          // The test server is on loopback: the host allows that address, as an admin would.
          context: { ...createMemoryContext(), mcp: { allowPrivateHosts: ['127.0.0.1'], commands: {} } },
        }),
      );
      const end = events.at(-1);
      expect(end?.type, JSON.stringify(end)).toBe('run-end');
      expect(events).toContainEqual(expect.objectContaining({ type: 'tool-call', toolName: 'get_forecast' }));
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'tool-result', toolName: 'get_forecast', isError: false }),
      );
      expect(weather.calls).toHaveLength(1);
      expect(end?.type === 'run-end' ? end.answer : '').toContain('Sunny, 21 degrees.');
    } finally {
      weather.server.closeAllConnections();
      await new Promise((resolve) => weather.server.close(resolve));
    }
  });

  it('daily-digest: valid as shipped; fetches its source (a loopback stand-in) and ends with a digest on the offline model', async () => {
    const template = agentTemplates().find((candidate) => candidate.id === 'daily-digest')!;
    const shipped = validateGraph(template.graph, defaultNodeRegistry);
    expect(shipped.ok ? [] : shipped.problems).toEqual([]);
    expect(template.trigger).toMatchObject({
      kind: 'schedule',
      config: { cron: '0 8 * * *', missed: 'skip' },
    });

    const requests: string[] = [];
    const source = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [{ title: 'Kettles are back in stock' }] }));
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
      // The user's own hosts replace the placeholders, as they would in the builder.
      const text = JSON.stringify(template.graph)
        .replaceAll('https://news.example.com', origin)
        .replaceAll('https://hooks.example.com', origin)
        .replaceAll('news.example.com', '127.0.0.1')
        .replaceAll('hooks.example.com', '127.0.0.1');
      const graph = JSON.parse(text) as Graph;
      const events = await collect(
        runGraph({
          graph,
          input: { message: MESSAGES['daily-digest']!, history: [] },
          context: {
            ...createMemoryContext(),
            httpFetch: createHttpFetcher({ allowPrivateHosts: ['127.0.0.1'] }),
          },
        }),
      );
      const end = events.at(-1);
      expect(end?.type, JSON.stringify(end)).toBe('run-end');
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'tool-result', toolName: 'fetch_source', isError: false }),
      );
      expect(requests).toContain('GET /feed.json');
      expect(end?.type === 'run-end' ? end.answer : '').toMatch(/\S/);
    } finally {
      source.closeAllConnections();
      await new Promise((resolve) => source.close(resolve));
    }
  });

  it('sends questions and other messages down different branches of the router', async () => {
    const router = agentTemplates().find((template) => template.id === 'router')!;
    const ran = async (message: string) => {
      const events = await collect(
        runGraph({ graph: router.graph, input: { message }, context: createMemoryContext() }),
      );
      return events
        .filter((event) => event.type === 'node-end' && event.status === 'done')
        .map((event) => (event as { nodeId: string }).nodeId);
    };
    expect(await ran('Is it raining?')).toContain('answer-model');
    expect(await ran('Is it raining?')).not.toContain('chat-model');
    expect(await ran('Nice weather today.')).toContain('chat-model');
  });

  it('gives a blank agent a Chat Input and a Chat Output, still to be connected', () => {
    const validation = validateGraph(starterGraph(), defaultNodeRegistry);
    expect(starterGraph().nodes.map((node) => node.type)).toEqual(['chat-input', 'chat-output']);
    expect(validation.ok).toBe(false);
  });
});

for (const backend of testBackends()) {
  describe(`agents from templates on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
    });
    afterAll(() => database.close());

    it('creates an agent whose draft is the template graph', async () => {
      const agent = await createAgentFromTemplate(runtime, actor, { templateId: 'translator' });
      expect(agent.name).toBe('Translator');
      const stored = await getAgent(runtime, actor.workspaceId, agent.id);
      expect((stored.draftGraph as { nodes: unknown[] }).nodes).toHaveLength(6);
      const named = await createAgentFromTemplate(runtime, actor, { templateId: 'router', name: 'Triage' });
      expect(named.name).toBe('Triage');
      expect(await listTriggers(runtime, { ...actor, agentIds: null }, agent.id, '')).toEqual([]);
      await expect(createAgentFromTemplate(runtime, actor, { templateId: 'nope' })).rejects.toThrow(
        /no template "nope"/,
      );
    });

    it('writes the picked knowledge base into the Q&A template, refusing one the workspace does not own', async () => {
      const base = await createKnowledgeBase(runtime, actor, { name: 'Kettle manuals' });
      const agent = await createAgentFromTemplate(runtime, actor, {
        templateId: 'knowledge-qa',
        knowledgeBaseId: base.id,
      });
      const stored = await getAgent(runtime, actor.workspaceId, agent.id);
      const graph = stored.draftGraph as Graph;
      expect(graph.nodes.find((node) => node.type === 'knowledge')?.data.config).toMatchObject({
        knowledgeBaseId: base.id,
        mode: 'tool',
      });
      const validation = validateGraph(graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);

      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const foreign = await createKnowledgeBase(
        runtime,
        { ...actor, workspaceId: other!.id },
        { name: 'Theirs' },
      );
      const count = async () => (await runtime.db.select({ id: agents.id }).from(agents)).length;
      const before = await count();
      for (const knowledgeBaseId of [foreign.id, 'no-such-base']) {
        await expect(
          createAgentFromTemplate(runtime, actor, { templateId: 'knowledge-qa', knowledgeBaseId }),
        ).rejects.toMatchObject({
          code: 'not_found',
          message: `No knowledge base "${knowledgeBaseId}" in this workspace.`,
        });
      }
      await expect(
        createAgentFromTemplate(runtime, actor, { templateId: 'translator', knowledgeBaseId: base.id }),
      ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('"translator"') });
      await expect(
        createAgentFromTemplate(
          runtime,
          { ...actor, role: 'viewer' },
          {
            templateId: 'knowledge-qa',
            knowledgeBaseId: base.id,
          },
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });
      expect(await count()).toBe(before);
    });

    it('still creates the Q&A template without a knowledge base: its Knowledge node then shows the problem', async () => {
      const agent = await createAgentFromTemplate(runtime, actor, { templateId: 'knowledge-qa' });
      const stored = await getAgent(runtime, actor.workspaceId, agent.id);
      const validation = validateGraph(stored.draftGraph as Graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([
        expect.objectContaining({ code: 'invalid_config', nodeId: 'knowledge', path: ['knowledgeBaseId'] }),
      ]);
    });

    it('creates the daily digest with its schedule trigger paused', async () => {
      const agent = await createAgentFromTemplate(runtime, actor, { templateId: 'daily-digest' });
      const triggers = await listTriggers(runtime, { ...actor, agentIds: null }, agent.id, '');
      expect(triggers).toEqual([
        expect.objectContaining({
          kind: 'schedule',
          name: 'Every morning',
          enabled: false,
          nextRunAt: null,
          config: expect.objectContaining({ cron: '0 8 * * *', timezone: 'UTC', missed: 'skip' }),
        }),
      ]);
    });
  });
}
