import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../runtime/context';
import { startHttpServer, startMcpServer } from './__fixtures__/mcp-test-server';
import { listMcpTools } from './list-tools';
import { McpClientError } from './mcp-client-error';
import type { McpPolicy } from './types';

/** The admin allowed the loopback test servers. */
const LOOPBACK: McpPolicy = { allowPrivateHosts: ['127.0.0.1'], commands: {} };
const PUBLIC_ONLY: McpPolicy = { allowPrivateHosts: [], commands: {} };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function mcpServer(options?: Parameters<typeof startMcpServer>[0]) {
  const server = await startMcpServer(options);
  cleanups.push(server.close);
  return server;
}

async function httpServer(answer: Parameters<typeof startHttpServer>[0]) {
  const server = await startHttpServer(answer);
  cleanups.push(server.close);
  return server;
}

/** The McpClientError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<McpClientError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(McpClientError);
  return error as McpClientError;
}

function recordingLogger() {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (message, fields) => warnings.push({ message, fields }),
    error() {},
  };
  return { logger, warnings };
}

describe('listMcpTools', () => {
  it('lists a Streamable HTTP server’s tools with descriptions and JSON schemas, then ends its session', async () => {
    const server = await mcpServer();
    const tools = await listMcpTools({ transport: 'streamable-http', url: server.url }, { policy: LOOPBACK });
    expect(tools.map((tool) => tool.name)).toEqual([
      'add',
      'echo',
      'weather',
      'fail',
      'slow',
      'steady',
      'big',
      'picture',
      'stats',
    ]);
    expect(tools[0]).toMatchObject({
      name: 'add',
      description: 'Adds two numbers',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    });
    expect(tools[1]?.title).toBe('Echo');
    expect(server.rpc()).toEqual(['initialize', 'notifications/initialized', 'tools/list']);
    expect(server.requests.at(-1)?.httpMethod).toBe('DELETE');
  });

  it('refuses a loopback server unless the admin allows it, saying only that it cannot be reached', async () => {
    const server = await mcpServer();
    const { logger, warnings } = recordingLogger();
    const error = await failure(
      listMcpTools({ transport: 'auto', url: server.url }, { policy: PUBLIC_ONLY, logger }),
    );
    expect(error.code).toBe('address_blocked');
    expect(error.message).toBe('This address cannot be reached from here.');
    expect(server.requests).toHaveLength(0);
    // The admin finds the reason in the log.
    expect(JSON.stringify(warnings)).toMatch(/loopback/);
    // The metadata address stays refused even for an SSE server name.
    const metadata = await failure(
      listMcpTools({ transport: 'sse', url: 'http://169.254.169.254/sse' }, { policy: LOOPBACK }),
    );
    expect(metadata.code).toBe('address_blocked');
    await expect(
      listMcpTools({ transport: 'auto', url: server.url }, { policy: LOOPBACK }),
    ).resolves.toHaveLength(9);
  });

  it('falls back to HTTP+SSE when the server answers like an old server ("auto")', async () => {
    const server = await mcpServer({ transport: 'sse' });
    const tools = await listMcpTools({ transport: 'auto', url: server.url }, { policy: LOOPBACK });
    expect(tools.map((tool) => tool.name)).toContain('weather');
    // First a Streamable HTTP POST (405 here), then the SSE stream and its message endpoint.
    expect(server.requests[0]).toMatchObject({ httpMethod: 'POST', path: '/sse' });
    expect(server.requests.some((request) => request.httpMethod === 'GET' && request.path === '/sse')).toBe(
      true,
    );
    expect(server.rpc()).toContain('tools/list');
    const explicit = await listMcpTools({ transport: 'sse', url: server.url }, { policy: LOOPBACK });
    expect(explicit).toHaveLength(9);
  });

  it('does not fall back when a Streamable HTTP server refuses the credential', async () => {
    const server = await mcpServer({ bearer: 'right' });
    const error = await failure(
      listMcpTools(
        { transport: 'auto', url: server.url },
        { policy: LOOPBACK, credential: { apiKey: 'wrong', allowedHosts: ['127.0.0.1'] } },
      ),
    );
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/refused the credentials \(HTTP 401\)/);
    expect(server.requests.every((request) => request.httpMethod === 'POST')).toBe(true);
  });

  it('reports a server that answers garbage', async () => {
    const html = await httpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    const htmlError = await failure(listMcpTools({ transport: 'auto', url: html.url }, { policy: LOOPBACK }));
    expect(htmlError.code).toBe('garbage');
    expect(htmlError.message).toMatch(/answered with something that is not MCP/);
    const json = await httpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('this is not json');
    });
    const jsonError = await failure(
      listMcpTools({ transport: 'streamable-http', url: json.url }, { policy: LOOPBACK }),
    );
    expect(jsonError.code).toBe('garbage');
    expect(jsonError.message).not.toMatch(/at \w+ \(/); // no stack trace
  });

  it('reports a server that is down', async () => {
    const server = await startMcpServer();
    await server.close();
    const error = await failure(listMcpTools({ transport: 'auto', url: server.url }, { policy: LOOPBACK }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(
      `The MCP server at ${server.origin} could not be reached (connection refused).`,
    );
  });

  it('gives up on a server that never answers', async () => {
    const silent = await httpServer(() => {});
    const started = performance.now();
    const error = await failure(
      listMcpTools({ transport: 'streamable-http', url: silent.url }, { policy: LOOPBACK, timeoutMs: 1_000 }),
    );
    expect(error.code).toBe('timeout');
    expect(error.message).toBe('The MCP server did not answer within 1 s.');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('sends the credential to the server’s origin only, as the header the node names', async () => {
    const server = await mcpServer({ bearer: 'secret-1' });
    const credential = { apiKey: 'secret-1', allowedHosts: ['127.0.0.1'] };
    await listMcpTools({ transport: 'auto', url: server.url }, { policy: LOOPBACK, credential });
    expect(server.requests.every((request) => request.authorization === 'Bearer secret-1')).toBe(true);

    const custom = await mcpServer();
    await listMcpTools(
      { transport: 'streamable-http', url: custom.url },
      {
        policy: LOOPBACK,
        credential,
        authHeader: 'X-API-Key',
        // A node header never replaces the protocol's own.
        headers: { 'X-Team': 'blue', 'Content-Type': 'text/plain', Accept: 'text/plain' },
      },
    );
    expect(custom.requests[0]).toMatchObject({ apiKey: 'secret-1', authorization: undefined, team: 'blue' });
  });

  it('refuses a credential that does not list the server’s host, before connecting', async () => {
    const server = await mcpServer();
    const none = await failure(
      listMcpTools(
        { transport: 'auto', url: server.url },
        { policy: LOOPBACK, credential: { apiKey: 'k', allowedHosts: [] } },
      ),
    );
    expect(none.code).toBe('credential');
    expect(none.message).toMatch(/lists no hosts.*Add 127\.0\.0\.1/);
    const elsewhere = await failure(
      listMcpTools(
        { transport: 'auto', url: server.url },
        { policy: LOOPBACK, credential: { apiKey: 'k', allowedHosts: ['api.example.com'] } },
      ),
    );
    expect(elsewhere.message).toMatch(/only be sent to api\.example\.com.*"127\.0\.0\.1" is not on its list/);
    expect(server.requests).toHaveLength(0);
  });

  it('never follows a redirect to another origin (another port), so the credential stays home', async () => {
    const other = await mcpServer();
    const server = await mcpServer({ redirects: { '/mcp': other.url } });
    const credential = { apiKey: 'secret-2', allowedHosts: ['127.0.0.1'] };
    const error = await failure(
      listMcpTools({ transport: 'auto', url: server.url }, { policy: LOOPBACK, credential }),
    );
    expect(error.code).toBe('redirect_refused');
    expect(error.message).toContain(`redirected to ${other.origin}`);
    expect(other.requests).toHaveLength(0);
    expect(server.requests[0]?.authorization).toBe('Bearer secret-2');

    // Within the origin, a redirect is followed and the credential goes along.
    const moved = await mcpServer({ redirects: { '/old': '/mcp' }, bearer: 'secret-2' });
    const tools = await listMcpTools(
      { transport: 'streamable-http', url: `${moved.origin}/old` },
      { policy: LOOPBACK, credential },
    );
    expect(tools).toHaveLength(9);
    expect(moved.requests.filter((request) => request.path === '/mcp').length).toBeGreaterThan(0);
    expect(moved.requests.every((request) => request.authorization === 'Bearer secret-2')).toBe(true);
  });

  it('starts only local servers the admin named, never a command from the graph', async () => {
    const script = fileURLToPath(new URL('./__fixtures__/stdio-server.mjs', import.meta.url));
    const policy: McpPolicy = {
      allowPrivateHosts: [],
      commands: { shouter: { command: process.execPath, args: [script], env: { SHOUT_SUFFIX: '!' } } },
    };
    const refused = await failure(listMcpTools({ transport: 'command', command: 'bash' }, { policy }));
    expect(refused.code).toBe('command_not_allowed');
    expect(refused.message).toMatch(/must be named by the server admin in AGENTRY_MCP_COMMANDS/);
    // An inherited object key is not a command either.
    const inherited = await failure(listMcpTools({ transport: 'command', command: 'toString' }, { policy }));
    expect(inherited.code).toBe('command_not_allowed');
    const tools = await listMcpTools({ transport: 'command', command: 'shouter' }, { policy });
    expect(tools).toEqual([expect.objectContaining({ name: 'shout', description: 'Upper-cases the text' })]);
  }, 20_000);

  it('follows cursors and stops at 500 tools', async () => {
    let pages = 0;
    const http = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const server = new Server({ name: 'paged', version: '1.0.0' }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, (listRequest) => {
        pages++;
        const page = Number(listRequest.params?.cursor ?? 0);
        return {
          tools: Array.from({ length: 200 }, (_, index) => ({
            name: `tool_${page * 200 + index}`,
            inputSchema: { type: 'object' as const },
          })),
          // A server that would page forever.
          nextCursor: String(page + 1),
        };
      });
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      await server.connect(transport);
      const text = Buffer.concat(chunks).toString('utf8');
      await transport.handleRequest(request, response, text ? JSON.parse(text) : undefined);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
    const tools = await listMcpTools({ transport: 'streamable-http', url }, { policy: LOOPBACK });
    expect(tools).toHaveLength(500);
    expect(tools.at(-1)?.name).toBe('tool_499');
    expect(tools[0]?.description).toBe('');
    expect(pages).toBe(3);
  });

  it('refuses a URL that is not http(s) or carries a password', async () => {
    const ftp = await failure(
      listMcpTools({ transport: 'auto', url: 'ftp://example.com/mcp' }, { policy: LOOPBACK }),
    );
    expect(ftp.code).toBe('invalid_target');
    const password = await failure(
      listMcpTools({ transport: 'auto', url: 'https://user:pw@example.com/mcp' }, { policy: LOOPBACK }),
    );
    expect(password.message).toMatch(/credential, not in its URL/);
  });
});
