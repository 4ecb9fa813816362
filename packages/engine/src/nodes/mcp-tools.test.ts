import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { build } from 'esbuild';
import { MockLanguageModelV4 } from 'ai/test';
import { afterEach, describe, expect, it } from 'vitest';
import { validateGraph } from '../plan/validate-graph';
import { defaultNodeRegistry } from '.';
import { startMcpServer, type TestMcpServer } from '../mcp/__fixtures__/mcp-test-server';
import type { McpPolicy } from '../mcp/types';
import { createMemoryCheckpoints } from '../runtime/checkpoint';
import { collectRun } from '../runtime/collect-run';
import type { RunContext } from '../runtime/context';
import type { EngineEvent, ToolResultEvent } from '../runtime/events';
import { runGraph } from '../runtime/run-graph';
import { promptText, scriptedModel, streamOf, textParts, toolCallParts, usage } from '../testing/mock-model';
import { mockContext } from '../testing/run-helpers';
import { mcpToolsNode } from './mcp-tools';
import { edge, node } from '../testing/graph-builders';

/** The admin allowed the loopback test servers. */
const LOOPBACK: McpPolicy = { allowPrivateHosts: ['127.0.0.1'], commands: {} };

const servers: TestMcpServer[] = [];
afterEach(async () => {
  await Promise.allSettled(servers.splice(0).map((server) => server.close()));
});

async function mcpServer(options?: Parameters<typeof startMcpServer>[0]) {
  const server = await startMcpServer(options);
  servers.push(server);
  return server;
}

/** Chat Input -> Agent (mock model "agent-model") with MCP Tools nodes -> Chat Output. */
function agentGraph(...mcpConfigs: Record<string, unknown>[]) {
  const mcpNodes = mcpConfigs.map((config, index) => node(`mcp${index + 1}`, 'mcp-tools', config));
  return {
    version: 1,
    nodes: [
      node('in', 'chat-input'),
      node('model', 'model', { provider: 'offline', model: 'agent-model' }),
      ...mcpNodes,
      node('agent', 'agent', { instructions: 'Use the tools.', maxSteps: 5 }),
      node('out', 'chat-output'),
    ],
    edges: [
      edge('in', 'message', 'agent', 'prompt'),
      edge('model', 'model', 'agent', 'model'),
      ...mcpNodes.map((mcp) => edge(mcp.id, 'tool', 'agent', 'tools')),
      edge('agent', 'text', 'out', 'text'),
    ],
  };
}

/** One model step calling several tools at once. */
function toolCallsStep(...calls: [id: string, name: string, input: unknown][]): LanguageModelV4StreamPart[] {
  return [
    ...calls.map(
      ([toolCallId, toolName, input]): LanguageModelV4StreamPart => ({
        type: 'tool-call',
        toolCallId,
        toolName,
        input: JSON.stringify(input),
      }),
    ),
    { type: 'finish', usage: usage(5, 5), finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
  ];
}

function toolResults(events: readonly EngineEvent[]) {
  return events.filter((event): event is ToolResultEvent & EngineEvent => event.type === 'tool-result');
}

function run(graph: unknown, context: RunContext, options?: { signal?: AbortSignal }) {
  return collectRun(
    runGraph({ graph, input: { message: 'Please help' }, context: { ...context, ...options } }),
  );
}

/** Waits until `check` holds (the server sees things after the client moved on). */
async function eventually(check: () => boolean, ms = 3_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('The condition did not hold in time.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (server: TestMcpServer, method: string) =>
  server.rpc().filter((received) => received === method).length;

describe('MCP Tools node: configuration', () => {
  it('starts empty and reports what is missing', () => {
    expect(mcpToolsNode.config.parse({})).toEqual({
      transport: 'auto',
      tools: [],
      prefix: '',
      askBeforeRunning: false,
      authHeader: 'Authorization',
      headers: {},
      timeoutMs: 30_000,
      maxResultChars: 20_000,
    });
    const problems = (config: Record<string, unknown>) => {
      const result = validateGraph(agentGraph(config), defaultNodeRegistry);
      return result.ok ? [] : result.problems.map((problem) => [problem.path?.at(-1), problem.message]);
    };
    expect(problems({})).toEqual([
      ['url', 'Enter the MCP server’s URL.'],
      ['tools', 'Pick at least one tool (Connect, then tick the tools).'],
    ]);
    expect(problems({ url: 'file:///etc/passwd', tools: ['a'] })).toEqual([
      ['url', 'The MCP server’s URL must be an absolute http:// or https:// URL.'],
    ]);
    expect(problems({ transport: 'command', tools: ['a'] })).toEqual([
      ['command', 'Choose the local MCP server to start (one the admin allows in AGENTRY_MCP_COMMANDS).'],
    ]);
    expect(
      problems({ url: 'https://mcp.example.com/mcp', tools: ['get.issue', 'get_issue', 'list'] }),
    ).toEqual([
      [
        'tools',
        'The tools "get.issue" and "get_issue" would all be called "get_issue" by the model. Untick all but one.',
      ],
    ]);
    expect(problems({ url: 'https://mcp.example.com/mcp', tools: ['list'], credentialId: 'c1' })).toEqual([]);
    expect(mcpToolsNode.config.safeParse({ headers: { 'bad header': 'x' } }).success).toBe(false);
    expect(mcpToolsNode.config.safeParse({ timeoutMs: 500 }).success).toBe(false);
  });

  it('stays out of the browser bundle’s way: no MCP SDK, no Node built-ins behind the node', async () => {
    const result = await build({
      entryPoints: [path.resolve(import.meta.dirname, '../graph.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((file) => file.endsWith('nodes/mcp-tools.ts'))).toBe(true);
    expect(
      inputs.filter((file) => file.includes('@modelcontextprotocol') || file.includes('mcp/connect')),
    ).toEqual([]);
  }, 60_000);
});

describe('MCP Tools node in a run', () => {
  it('gives the agent the two picked tools with the server’s schemas and reports their results', async () => {
    const server = await mcpServer();
    const model = scriptedModel(
      toolCallsStep(['c1', 'calc_add', { a: 2, b: 3 }], ['c2', 'calc_echo', { text: 'hi' }]),
      textParts(['2 + 3 is 5.']),
    );
    const result = await run(
      agentGraph({ url: server.url, tools: ['add', 'echo'], prefix: 'calc_' }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(result.status).toBe('done');
    expect(result.answer).toBe('2 + 3 is 5.');
    const offered = model.doStreamCalls[0]?.tools ?? [];
    expect(offered.map((tool) => tool.name)).toEqual(['calc_add', 'calc_echo']);
    expect(offered[0]).toMatchObject({
      description: 'Adds two numbers',
      inputSchema: {
        type: 'object',
        properties: { a: { type: 'number' }, b: { type: 'number' } },
        required: ['a', 'b'],
      },
    });
    expect(toolResults(result.events)).toEqual([
      expect.objectContaining({ toolName: 'calc_add', isError: false, output: '5', nodeId: 'agent' }),
      expect.objectContaining({ toolName: 'calc_echo', isError: false, output: 'echo: hi' }),
    ]);
    expect(result.events.find((event) => event.type === 'tool-call')).toMatchObject({
      toolName: 'calc_add',
      input: { a: 2, b: 3 },
    });
    expect(promptText(model, 1)).toContain('echo: hi');
    // One connection, one listing, two calls; the session ends with the run.
    expect(count(server, 'initialize')).toBe(1);
    expect(count(server, 'tools/list')).toBe(1);
    expect(count(server, 'tools/call')).toBe(2);
    await eventually(() => server.requests.at(-1)?.httpMethod === 'DELETE');
  });

  it('hands a failing tool’s error to the agent, which goes on', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'fail', {}), textParts(['The database is down.']));
    const result = await run(
      agentGraph({ url: server.url, tools: ['fail'] }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(result.status).toBe('done');
    expect(toolResults(result.events)[0]).toMatchObject({
      isError: true,
      output: { error: 'The tool "fail" reported an error: Database is down' },
    });
    expect(promptText(model, 1)).toContain('Database is down');
  });

  it('gives up on a call after the timeout, and the server learns the call was cancelled', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'slow', { ms: 10_000 }), textParts(['Too slow.']));
    const started = performance.now();
    const result = await run(
      agentGraph({ url: server.url, tools: ['slow'], timeoutMs: 1_000 }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.status).toBe('done');
    expect(toolResults(result.events)[0]).toMatchObject({
      isError: true,
      output: { error: 'The MCP server did not answer within 1 s.' },
    });
    await eventually(() => server.aborted.includes('slow'));
    expect(server.rpc()).toContain('notifications/cancelled');
  });

  it('lets a call that reports progress run past the timeout', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'steady', { steps: 4 }), textParts(['Done.']));
    const result = await run(
      agentGraph({ url: server.url, tools: ['steady'], timeoutMs: 1_000 }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(toolResults(result.events)[0]).toMatchObject({ isError: false, output: 'done after 4 steps' });
  });

  it('cancels the call on the server when the run is cancelled', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'slow', { ms: 20_000 }), textParts(['never']));
    const controller = new AbortController();
    const running = run(
      agentGraph({ url: server.url, tools: ['slow'] }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
      { signal: controller.signal },
    );
    await eventually(() => server.rpc().includes('tools/call'));
    controller.abort();
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('aborted');
    await eventually(() => server.aborted.includes('slow'));
    expect(server.rpc()).toContain('notifications/cancelled');
  });

  it('cuts an oversized result with a clear note', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'big', { size: 50_000 }), textParts(['Long.']));
    const result = await run(
      agentGraph({ url: server.url, tools: ['big'], maxResultChars: 1_000 }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    const output = toolResults(result.events)[0]?.output as string;
    expect(output).toBe(`${'x'.repeat(1_000)}\n(result cut at 1000 characters of 50000)`);
  });

  it('describes images and passes structured content when there is no text', async () => {
    const server = await mcpServer();
    const model = scriptedModel(
      toolCallsStep(['c1', 'picture', {}], ['c2', 'stats', {}]),
      textParts(['Seen.']),
    );
    const result = await run(
      agentGraph({ url: server.url, tools: ['picture', 'stats'] }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(toolResults(result.events).map((event) => event.output)).toEqual([
      '[image image/png, 1234 bytes]',
      '{"visits":3}',
    ]);
  });

  it('fails the call, not the run, when the server goes down after listing', async () => {
    const server = await mcpServer();
    let calls = 0;
    const model = new MockLanguageModelV4({
      doStream: async () => {
        calls++;
        if (calls === 1) {
          await server.close();
          return streamOf(toolCallParts('c1', 'add', { a: 1, b: 1 }));
        }
        return streamOf(textParts(['The calculator is unavailable.']));
      },
    });
    const result = await run(
      agentGraph({ url: server.url, tools: ['add'] }),
      mockContext({ 'agent-model': model }, { mcp: LOOPBACK }),
    );
    expect(result.status).toBe('done');
    expect(result.answer).toBe('The calculator is unavailable.');
    expect(toolResults(result.events)[0]).toMatchObject({
      isError: true,
      // A reused keep-alive connection sees a reset, a new one a refusal.
      output: {
        error: expect.stringMatching(
          new RegExp(
            `^The MCP server at ${server.origin} could not be reached \\(connection (refused|reset)\\)\\.$`,
          ),
        ),
      },
    });
  });

  it('fails the node, naming the tool, when the server no longer offers a picked tool', async () => {
    const server = await mcpServer();
    const result = await run(
      agentGraph({ url: server.url, tools: ['add', 'gone'] }),
      mockContext({ 'agent-model': scriptedModel(textParts(['no'])) }, { mcp: LOOPBACK }),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({
      code: 'tool_error',
      nodeId: 'mcp1',
      message:
        'The MCP server no longer offers "gone". Press Refresh on this MCP Tools node and tick the tools again.',
    });
  });

  it('refuses a loopback server the admin did not allow', async () => {
    const server = await mcpServer();
    const result = await run(
      agentGraph({ url: server.url, tools: ['add'] }),
      mockContext({ 'agent-model': scriptedModel(textParts(['no'])) }),
    );
    expect(result.error).toMatchObject({
      code: 'tool_error',
      nodeId: 'mcp1',
      message: 'This address cannot be reached from here.',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('sends the node’s credential to its server', async () => {
    const server = await mcpServer({ bearer: 'mcp-key' });
    const model = scriptedModel(toolCallParts('c1', 'add', { a: 20, b: 22 }), textParts(['42']));
    const result = await run(
      agentGraph({ url: server.url, tools: ['add'], credentialId: 'mcp' }),
      mockContext(
        { 'agent-model': model },
        { mcp: LOOPBACK, credentials: { mcp: { apiKey: 'mcp-key', allowedHosts: ['127.0.0.1'] } } },
      ),
    );
    expect(toolResults(result.events)[0]).toMatchObject({ isError: false, output: '42' });
    expect(server.requests.every((request) => request.authorization === 'Bearer mcp-key')).toBe(true);
  });

  it('lists a server once per run for two nodes, and again on the next run', async () => {
    const server = await mcpServer();
    const graph = agentGraph(
      { url: server.url, tools: ['add'], prefix: 'one_' },
      { url: server.url, tools: ['echo'], prefix: 'two_' },
    );
    const model = () => scriptedModel(toolCallsStep(['c1', 'one_add', { a: 1, b: 2 }]), textParts(['3']));
    const first = await run(graph, mockContext({ 'agent-model': model() }, { mcp: LOOPBACK }));
    expect(first.status).toBe('done');
    expect(count(server, 'initialize')).toBe(1);
    expect(count(server, 'tools/list')).toBe(1);
    // The server learns a tool between runs: the next run lists again and can use it.
    server.addTool('late', 'Added after the first run');
    const second = await run(
      agentGraph({ url: server.url, tools: ['add'], prefix: 'one_' }, { url: server.url, tools: ['late'] }),
      mockContext({ 'agent-model': model() }, { mcp: LOOPBACK }),
    );
    expect(second.status).toBe('done');
    expect(count(server, 'initialize')).toBe(2);
    expect(count(server, 'tools/list')).toBe(2);
  });

  it('starts a local server the admin named', async () => {
    const script = fileURLToPath(new URL('../mcp/__fixtures__/stdio-server.mjs', import.meta.url));
    const policy: McpPolicy = {
      allowPrivateHosts: [],
      commands: { shouter: { command: process.execPath, args: [script] } },
    };
    const model = scriptedModel(toolCallParts('c1', 'shout', { text: 'hello' }), textParts(['Loud.']));
    const result = await run(
      agentGraph({ transport: 'command', command: 'shouter', tools: ['shout'] }),
      mockContext({ 'agent-model': model }, { mcp: policy }),
    );
    expect(toolResults(result.events)[0]).toMatchObject({ isError: false, output: 'HELLO' });
    const refused = await run(
      agentGraph({ transport: 'command', command: 'other', tools: ['shout'] }),
      mockContext({ 'agent-model': scriptedModel(textParts(['no'])) }, { mcp: policy }),
    );
    expect(refused.error?.message).toMatch(/AGENTRY_MCP_COMMANDS/);
  }, 20_000);

  it('asks before a call when marked, and reconnects when the run continues', async () => {
    const server = await mcpServer();
    const model = scriptedModel(toolCallParts('c1', 'add', { a: 4, b: 5 }), textParts(['9']));
    const context = mockContext({ 'agent-model': model }, { mcp: LOOPBACK });
    const graph = agentGraph({ url: server.url, tools: ['add'], askBeforeRunning: true });
    const checkpoints = createMemoryCheckpoints();
    const input = { message: 'Add 4 and 5' };
    const first = await collectRun(runGraph({ graph, input, context, checkpoints, runId: 'mcp-wait' }));
    expect(first.status).toBe('waiting');
    expect(first.waiting?.toolCall).toMatchObject({ toolName: 'add', input: { a: 4, b: 5 } });
    expect(count(server, 'tools/call')).toBe(0);
    const second = await collectRun(
      runGraph({
        graph,
        input,
        context,
        checkpoints,
        resumeFrom: JSON.parse(JSON.stringify(checkpoints.latest('mcp-wait'))),
        resumeWith: { requestId: first.waiting!.id, choice: 'approve' },
      }),
    );
    expect(second.status).toBe('done');
    expect(toolResults(second.events).at(-1)).toMatchObject({ isError: false, output: '9' });
    expect(count(server, 'initialize')).toBe(2);
    expect(count(server, 'tools/call')).toBe(1);
  });
});
