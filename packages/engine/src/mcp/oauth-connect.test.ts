import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectRun } from '../runtime/collect-run';
import type { EngineEvent, ToolResultEvent } from '../runtime/events';
import { runGraph } from '../runtime/run-graph';
import { scriptedModel, textParts, toolCallParts } from '../testing/mock-model';
import { mockContext } from '../testing/run-helpers';
import { createGuardedFetch } from '../tools/guarded-fetch';
import { listMcpTools } from './list-tools';
import {
  memoryOAuthStore,
  type OAuthMcpTestServer,
  signInForTest,
  startOAuthMcpTestServer,
} from './oauth-test-server.testing';
import type { McpPolicy } from './types';
import { edge, node } from '../testing/graph-builders';

/** The admin allowed the loopback test server. */
const LOOPBACK: McpPolicy = { allowPrivateHosts: ['127.0.0.1'], commands: {} };
const allowLoopback = createGuardedFetch({ allowHosts: ['127.0.0.1'] });

describe('MCP Tools over an OAuth sign-in', () => {
  let server: OAuthMcpTestServer;

  beforeAll(async () => {
    server = await startOAuthMcpTestServer();
  });
  afterAll(() => server.close());

  async function signedIn() {
    const store = memoryOAuthStore(server.mcpUrl);
    await signInForTest(server, store, allowLoopback);
    return store;
  }

  it('lists the tools with the sign-in’s token', async () => {
    const store = await signedIn();
    const tools = await listMcpTools(
      { transport: 'auto', url: server.mcpUrl },
      { credential: { oauth: store, allowedHosts: ['127.0.0.1'] }, policy: LOOPBACK },
    );
    expect(tools.map((tool) => tool.name)).toEqual(['whoami']);
  });

  it('tells a server that wants a sign-in (oauth_required) from one that refused a key', async () => {
    const target = { transport: 'auto' as const, url: server.mcpUrl };
    const asksToSignIn = {
      name: 'McpClientError',
      code: 'oauth_required',
      message: `The MCP server at ${server.origin} asks you to sign in: press Sign in on this MCP Tools node.`,
    };
    await expect(listMcpTools(target, { policy: LOOPBACK })).rejects.toMatchObject(asksToSignIn);
    // A key it refused while pointing to its OAuth metadata: signing in is the way in.
    await expect(
      listMcpTools(target, {
        policy: LOOPBACK,
        credential: { apiKey: 'not-a-token', allowedHosts: ['127.0.0.1'] },
      }),
    ).rejects.toMatchObject(asksToSignIn);
  });

  it('asks for a new sign-in when the token can no longer be refreshed', async () => {
    const store = await signedIn();
    server.provider.expireAccessTokens();
    server.provider.revokeRefreshTokens();
    await expect(
      listMcpTools(
        { transport: 'streamable-http', url: server.mcpUrl },
        { credential: { oauth: store, allowedHosts: ['127.0.0.1'] }, policy: LOOPBACK },
      ),
    ).rejects.toMatchObject({
      code: 'oauth_required',
      message: `The MCP server at ${server.origin} needs you to sign in again: open the MCP Tools node and press Sign in.`,
    });
  });

  it('does not use a sign-in for another origin, nor one whose host list leaves the server out', async () => {
    const elsewhere = memoryOAuthStore('https://mcp.example.com/mcp');
    await expect(
      listMcpTools(
        { transport: 'auto', url: server.mcpUrl },
        { credential: { oauth: elsewhere, allowedHosts: ['127.0.0.1'] }, policy: LOOPBACK },
      ),
    ).rejects.toMatchObject({
      code: 'credential',
      message: expect.stringContaining('https://mcp.example.com'),
    });
    const store = await signedIn();
    const seen = server.requests.length;
    await expect(
      listMcpTools(
        { transport: 'auto', url: server.mcpUrl },
        { credential: { oauth: store, allowedHosts: ['mcp.example.com'] }, policy: LOOPBACK },
      ),
    ).rejects.toMatchObject({ code: 'credential' });
    expect(server.requests.length).toBe(seen);
  });

  it('an agent run calls a tool with the stored tokens, refreshing an expired one on the way', async () => {
    const store = await signedIn();
    const clientId = store.row.state.clientInformation!.client_id;
    const before = store.row.state.tokens!.access_token;
    server.provider.expireAccessTokens();
    const model = scriptedModel(toolCallParts('c1', 'whoami', {}), textParts(['Done.']));
    const graph = {
      version: 1,
      nodes: [
        node('in', 'chat-input'),
        node('model', 'model', { provider: 'offline', model: 'agent-model' }),
        node('mcp', 'mcp-tools', { url: server.mcpUrl, tools: ['whoami'], credentialId: 'signin' }),
        node('agent', 'agent', { instructions: 'Use the tools.', maxSteps: 3 }),
        node('out', 'chat-output'),
      ],
      edges: [
        edge('in', 'message', 'agent', 'prompt'),
        edge('model', 'model', 'agent', 'model'),
        edge('mcp', 'tool', 'agent', 'tools'),
        edge('agent', 'text', 'out', 'text'),
      ],
    };
    const context = mockContext(
      { 'agent-model': model },
      { mcp: LOOPBACK, credentials: { signin: { oauth: store, allowedHosts: ['127.0.0.1'] } } },
    );
    const result = await collectRun(runGraph({ graph, input: { message: 'Who am I?' }, context }));

    expect(result.status).toBe('done');
    const toolResult = result.events.find(
      (event): event is ToolResultEvent & EngineEvent => event.type === 'tool-result',
    );
    expect(toolResult).toMatchObject({ toolName: 'whoami', isError: false, output: `client ${clientId}` });
    expect(store.row.state.tokens!.access_token).not.toBe(before);
  });
});
