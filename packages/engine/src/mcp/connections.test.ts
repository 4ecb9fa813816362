import { afterEach, describe, expect, it } from 'vitest';
import { startMcpServer, type TestMcpServer } from './__fixtures__/mcp-test-server';
import { createMcpConnections } from './connections';
import type { McpPolicy } from './types';

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

const count = (server: TestMcpServer, method: string) =>
  server.rpc().filter((received) => received === method).length;

describe('the MCP connections of a run', () => {
  it('shares one connection and one listing between concurrent first uses', async () => {
    const server = await mcpServer();
    const connections = createMcpConnections(LOOPBACK);
    const spec = { transport: 'auto' as const, url: server.url };
    const [first, second] = await Promise.all([connections.listTools(spec), connections.listTools(spec)]);
    expect(first).toBe(second);
    const answer = await connections.callTool(
      spec,
      'add',
      { a: 1, b: 2 },
      { timeoutMs: 5_000, maxResultChars: 1_000 },
    );
    expect(answer).toBe('3');
    expect(count(server, 'initialize')).toBe(1);
    expect(count(server, 'tools/list')).toBe(1);
    // Another credential or header set is another connection.
    await connections.listTools({ ...spec, headers: { 'X-Team': 'blue' } });
    expect(count(server, 'initialize')).toBe(2);
    await connections.close();
  });

  it('keeps no failure: the next use connects again', async () => {
    const server = await mcpServer({ unavailableFor: 1 });
    const connections = createMcpConnections(LOOPBACK);
    const spec = { transport: 'streamable-http' as const, url: server.url };
    await expect(connections.listTools(spec)).rejects.toThrow(
      `The MCP server at ${server.origin} answered HTTP 503: Try again later`,
    );
    await expect(connections.listTools(spec)).resolves.toHaveLength(9);
    await connections.close();
  });

  it('refuses every use once closed, and ends the server’s sessions', async () => {
    const server = await mcpServer();
    const connections = createMcpConnections(LOOPBACK);
    const spec = { transport: 'auto' as const, url: server.url };
    await connections.listTools(spec);
    await connections.close();
    expect(server.requests.at(-1)?.httpMethod).toBe('DELETE');
    await expect(
      connections.callTool(spec, 'add', { a: 1, b: 2 }, { timeoutMs: 5_000, maxResultChars: 1_000 }),
    ).rejects.toMatchObject({ code: 'closed' });
  });
});
