import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Runtime } from '../../runtime';
import { createAgent } from '../../services/agents';
import { type Actor, createOwner, createSession, resolveSession } from '../../services/auth';
import { createCredential } from '../../services/credentials';
import { addMember } from '../../services/members';
import { testRuntime } from '../../test-support';
import { handleTrpcRequest } from '../handler';
import { MCP_LISTINGS_PER_MINUTE } from './mcp';

const TOKEN = 'mcp-secret-token-4711';

/** A real MCP server (the official SDK, stateless Streamable HTTP) on loopback that wants a bearer token. */
async function startMcpServer(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    seen.push(request.headers.authorization ?? '');
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
      return;
    }
    const mcp = new McpServer({ name: 'weather', version: '1.0.0' });
    mcp.registerTool(
      'get_forecast',
      {
        title: 'Forecast',
        description: 'Weather forecast for a city',
        inputSchema: { city: z.string() },
      },
      async ({ city }) => ({ content: [{ type: 'text', text: `Sunny in ${city}` }] }),
    );
    mcp.registerTool(
      'get_alerts',
      { description: 'Weather alerts for a region', inputSchema: { region: z.string() } },
      async ({ region }) => ({ content: [{ type: 'text', text: `No alerts in ${region}` }] }),
    );
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(request, response);
  });
  return listen(server, '/mcp', seen);
}

/** An HTTP server that answers every request with a web page: not an MCP server. */
function startWebPage(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers.authorization ?? '');
    response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Hello</body></html>');
  });
  return listen(server, '/', seen);
}

async function listen(server: Server, path: string, seen: string[]) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('mcp over tRPC', () => {
  let database: DatabaseHandle;
  /** Allows 127.0.0.1 and names one local command. */
  let runtime: Runtime;
  /** The same database with the default policy: public hosts only, no commands. */
  let strict: Runtime;
  let owner: Actor;
  let ownerToken: string;
  let agentId: string;
  let mcp: Awaited<ReturnType<typeof startMcpServer>>;
  let page: Awaited<ReturnType<typeof startWebPage>>;

  async function call<T>(
    target: Runtime,
    session: string,
    path: string,
    input?: unknown,
    kind: 'query' | 'mutation' = 'mutation',
  ) {
    const url = new URL(`http://127.0.0.1:3000/api/trpc/${path}`);
    if (kind === 'query') url.searchParams.set('input', JSON.stringify({ json: input ?? null }));
    const response = await handleTrpcRequest(
      target,
      new Request(url, {
        method: kind === 'query' ? 'GET' : 'POST',
        headers: {
          'content-type': 'application/json',
          host: '127.0.0.1:3000',
          cookie: `agentry_session=${session}`,
        },
        body: kind === 'mutation' ? JSON.stringify({ json: input ?? null }) : undefined,
      }),
    );
    const text = await response.text();
    const body = JSON.parse(text) as {
      result?: { data: { json: T } };
      error?: { json: { message: string } };
    };
    return {
      status: response.status,
      data: body.result?.data.json as T,
      error: body.error?.json.message,
      text,
    };
  }

  beforeAll(async () => {
    [mcp, page] = await Promise.all([startMcpServer(), startWebPage()]);
    database = await testBackends()[0]!.open();
    runtime = await testRuntime(database, {
      AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      AGENTRY_MCP_COMMANDS: JSON.stringify({
        'local-files': { command: '/usr/bin/secret-server', args: ['--root', '/srv/data'] },
      }),
    });
    strict = await testRuntime(database);
    const userId = await createOwner(runtime, {
      name: 'Owner',
      email: 'owner@example.com',
      password: 'a-long-password',
    });
    ownerToken = await createSession(runtime, userId);
    owner = (await resolveSession(runtime, ownerToken))!;
    agentId = (await createAgent(runtime, owner, { name: 'Weather bot' })).id;
  }, 60_000);

  afterAll(async () => {
    await database?.close();
    await Promise.all([mcp?.close(), page?.close()]);
  });

  it("lists a loopback server's tools with their descriptions, sending the credential's key to it only", async () => {
    const credential = await createCredential(runtime, owner, {
      name: 'Weather MCP',
      provider: 'token',
      apiKey: TOKEN,
      allowedHosts: ['127.0.0.1'],
    });
    const listed = await call<{ tools: { name: string; title?: string; description: string }[] }>(
      runtime,
      ownerToken,
      'mcp.listTools',
      { agentId, transport: 'auto', url: mcp.url, credentialId: credential.id },
    );
    expect(listed.error).toBeUndefined();
    expect(listed.data.tools.map(({ name, title, description }) => ({ name, title, description }))).toEqual([
      { name: 'get_forecast', title: 'Forecast', description: 'Weather forecast for a city' },
      { name: 'get_alerts', title: undefined, description: 'Weather alerts for a region' },
    ]);
    expect(mcp.seen).toContain(`Bearer ${TOKEN}`);
    // The key went to the server; nothing of it comes back to the browser.
    expect(listed.text).not.toContain(TOKEN);
    expect(listed.text).not.toContain(TOKEN.slice(-8));
  });

  it('says the server refused the credentials when it answers 401, without ending the session', async () => {
    const refused = await call(runtime, ownerToken, 'mcp.listTools', { agentId, url: mcp.url });
    expect(refused.status).toBe(400);
    expect(refused.error).toMatch(/127\.0\.0\.1:\d+ refused the credentials \(HTTP 401\)/);
    const stillSignedIn = await call(runtime, ownerToken, 'mcp.commands', undefined, 'query');
    expect(stillSignedIn.status).toBe(200);
  });

  it('refuses a loopback server unless the admin allows it, and never connects to it', async () => {
    const before = mcp.seen.length;
    const refused = await call(strict, ownerToken, 'mcp.listTools', { agentId, url: mcp.url });
    expect(refused.status).toBe(403);
    expect(refused.error).toMatch(/127\.0\.0\.1:\d+ is on a private, loopback or reserved address/);
    expect(refused.error).toContain('AGENTRY_ALLOW_PRIVATE_HOSTS');
    expect(mcp.seen.length).toBe(before);
  });

  it('says when a URL is not an MCP server', async () => {
    const garbage = await call(runtime, ownerToken, 'mcp.listTools', {
      agentId,
      transport: 'streamable-http',
      url: page.url,
    });
    expect(garbage.status).toBe(400);
    expect(page.seen.length).toBeGreaterThan(0);
    expect(garbage.error).toMatch(/127\.0\.0\.1:\d+ answered with something that is not MCP/);
    expect(garbage.error).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it("refuses another workspace's or an unknown agent, a credential it cannot see, and viewers", async () => {
    const unknown = await call(runtime, ownerToken, 'mcp.listTools', {
      agentId: '00000000-0000-4000-8000-000000000000',
      url: mcp.url,
    });
    expect(unknown.status).toBe(404);
    const noCredential = await call(runtime, ownerToken, 'mcp.listTools', {
      agentId,
      url: mcp.url,
      credentialId: '00000000-0000-4000-8000-000000000001',
    });
    expect(noCredential.status).toBe(404);

    const viewer = await addMember(runtime, owner, {
      name: 'Vera',
      email: 'vera@example.com',
      password: 'a-long-password',
      role: 'viewer',
    });
    const viewerToken = await createSession(runtime, viewer.id);
    const asViewer = await call(runtime, viewerToken, 'mcp.listTools', { agentId, url: mcp.url });
    expect(asViewer.status).toBe(403);
    const anonymous = await call(runtime, 'no-such-session', 'mcp.listTools', { agentId, url: mcp.url });
    expect(anonymous.status).toBe(401);
  });

  it('answers the names of admin-allowed commands only, and none by default', async () => {
    const commands = await call<{ names: string[] }>(runtime, ownerToken, 'mcp.commands', undefined, 'query');
    expect(commands.data).toEqual({ names: ['local-files'] });
    expect(commands.text).not.toContain('secret-server');
    expect(commands.text).not.toContain('/srv/data');
    const none = await call<{ names: string[] }>(strict, ownerToken, 'mcp.commands', undefined, 'query');
    expect(none.data).toEqual({ names: [] });
  });

  it('limits listings per user, so the builder cannot be used to scan', async () => {
    const editor = await addMember(runtime, owner, {
      name: 'Eddie',
      email: 'eddie@example.com',
      password: 'a-long-password',
      role: 'editor',
    });
    const editorToken = await createSession(runtime, editor.id);
    // Unreachable ports answer at once; each attempt counts whether or not something listens.
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= MCP_LISTINGS_PER_MINUTE; attempt++) {
      const result = await call(runtime, editorToken, 'mcp.listTools', {
        agentId,
        url: `http://127.0.0.1:1/${attempt}`,
      });
      statuses.push(result.status);
      if (attempt === MCP_LISTINGS_PER_MINUTE) expect(result.error).toMatch(/try again in \d+ s/);
    }
    expect(statuses.slice(0, MCP_LISTINGS_PER_MINUTE).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another user's budget is their own.
    const owners = await call(runtime, ownerToken, 'mcp.listTools', { agentId, url: 'http://127.0.0.1:1/' });
    expect(owners.status).toBe(400);
  });
});
