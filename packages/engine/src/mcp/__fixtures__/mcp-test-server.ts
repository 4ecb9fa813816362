import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';

/** One HTTP request the test server received. */
export interface ReceivedRequest {
  httpMethod: string;
  path: string;
  /** JSON-RPC methods in its body. */
  rpc: string[];
  authorization?: string;
  apiKey?: string;
  team?: string;
}

/** A real MCP server (official SDK) on 127.0.0.1, recording what reaches it. */
export interface TestMcpServer {
  /** The MCP endpoint: /mcp (Streamable HTTP) or /sse (HTTP+SSE). */
  url: string;
  origin: string;
  requests: ReceivedRequest[];
  /** Tool calls whose handler saw its request cancelled (extra.signal aborted). */
  aborted: string[];
  /** Every JSON-RPC method received, in order. */
  rpc(): string[];
  /** Adds a tool; sessions opened from now on list it. */
  addTool(name: string, description: string): void;
  close(): Promise<void>;
}

/** Options of startMcpServer. */
export interface TestMcpServerOptions {
  transport?: 'streamable-http' | 'sse';
  /** Requests without this Authorization header get 401. */
  bearer?: string;
  /** Paths answered with a 307 to another URL (e.g. another port). */
  redirects?: Record<string, string>;
  /** The first this many requests get a 503. */
  unavailableFor?: number;
}

const PNG_1234 = Buffer.alloc(1234, 7).toString('base64');

function buildServer(aborted: string[], extraTools: readonly [string, string][]): McpServer {
  const server = new McpServer({ name: 'agentry-test', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  server.registerTool(
    'echo',
    { title: 'Echo', description: 'Repeats the text', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
  );
  server.registerTool(
    'weather',
    { description: 'Weather for a city', inputSchema: { city: z.string() } },
    async ({ city }) => ({ content: [{ type: 'text', text: `Sunny in ${city}` }] }),
  );
  server.registerTool('fail', { description: 'Always fails' }, async () => ({
    isError: true,
    content: [{ type: 'text', text: 'Database is down' }],
  }));
  server.registerTool(
    'slow',
    { description: 'Waits, unless cancelled', inputSchema: { ms: z.number().optional() } },
    async ({ ms }, extra) => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms ?? 10_000);
        extra.signal.addEventListener('abort', () => {
          aborted.push('slow');
          clearTimeout(timer);
          resolve();
        });
      });
      return { content: [{ type: 'text', text: 'finished' }] };
    },
  );
  server.registerTool(
    'steady',
    { description: 'Works for a while, reporting progress', inputSchema: { steps: z.number() } },
    async ({ steps }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let step = 1; step <= steps; step++) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: step, total: steps },
          });
        }
      }
      return { content: [{ type: 'text', text: `done after ${steps} steps` }] };
    },
  );
  server.registerTool(
    'big',
    { description: 'Returns a long text', inputSchema: { size: z.number() } },
    async ({ size }) => ({ content: [{ type: 'text', text: 'x'.repeat(size) }] }),
  );
  server.registerTool('picture', { description: 'Returns an image' }, async () => ({
    content: [{ type: 'image', data: PNG_1234, mimeType: 'image/png' }],
  }));
  server.registerTool('stats', { description: 'Returns structured data only' }, async () => ({
    content: [],
    structuredContent: { visits: 3 },
  }));
  for (const [name, description] of extraTools) {
    server.registerTool(name, { description }, async () => ({ content: [{ type: 'text', text: name }] }));
  }
  return server;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function rpcMethods(body: unknown): string[] {
  const messages = Array.isArray(body) ? body : [body];
  return messages
    .map((message) => (message as { method?: unknown } | undefined)?.method)
    .filter((method): method is string => typeof method === 'string');
}

/** Starts an MCP server built with the official SDK on 127.0.0.1 (a port of its own). */
export async function startMcpServer(options: TestMcpServerOptions = {}): Promise<TestMcpServer> {
  const transportKind = options.transport ?? 'streamable-http';
  const requests: ReceivedRequest[] = [];
  const aborted: string[] = [];
  const extraTools: [string, string][] = [];
  const transports = new Map<string, Transport>();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    requests.push({
      httpMethod: request.method ?? '',
      path: url.pathname,
      rpc: rpcMethods(body),
      authorization: request.headers.authorization,
      apiKey: request.headers['x-api-key'] as string | undefined,
      team: request.headers['x-team'] as string | undefined,
    });
    if (requests.length <= (options.unavailableFor ?? 0)) {
      response.writeHead(503).end('Try again later');
      return;
    }
    const redirect = options.redirects?.[url.pathname];
    if (redirect) {
      response.writeHead(307, { location: redirect }).end();
      return;
    }
    if (options.bearer && request.headers.authorization !== `Bearer ${options.bearer}`) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
      return;
    }
    if (transportKind === 'sse') {
      if (request.method === 'GET' && url.pathname === '/sse') {
        const transport = new SSEServerTransport('/messages', response);
        transports.set(transport.sessionId, transport);
        transport.onclose = () => transports.delete(transport.sessionId);
        await buildServer(aborted, extraTools).connect(transport);
        return;
      }
      const session = transports.get(url.searchParams.get('sessionId') ?? '');
      if (request.method === 'POST' && url.pathname === '/messages' && session) {
        await (session as SSEServerTransport).handlePostMessage(request, response, body);
        return;
      }
      response.writeHead(405, { allow: 'GET' }).end('Method Not Allowed');
      return;
    }
    if (url.pathname !== '/mcp') {
      response.writeHead(404).end('Not Found');
      return;
    }
    const sessionId = request.headers['mcp-session-id'] as string | undefined;
    let transport = sessionId ? (transports.get(sessionId) as StreamableHTTPServerTransport) : undefined;
    if (!transport) {
      if (sessionId || request.method !== 'POST') {
        response.writeHead(404).end('Unknown session');
        return;
      }
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          transports.set(id, created);
        },
        onsessionclosed: (id) => {
          transports.delete(id);
        },
      });
      transport = created;
      await buildServer(aborted, extraTools).connect(transport);
    }
    await transport.handleRequest(request, response, body);
  };
  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${origin}${transportKind === 'sse' ? '/sse' : '/mcp'}`,
    origin,
    requests,
    aborted,
    rpc: () => requests.flatMap((request) => request.rpc),
    addTool: (name, description) => {
      extraTools.push([name, description]);
    },
    close: async () => {
      await Promise.allSettled([...transports.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A plain HTTP server on 127.0.0.1 that answers every request with `answer` (garbage, hangs…). */
export async function startHttpServer(
  answer: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; origin: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const http = createServer((request, response) => {
    requests.push({
      httpMethod: request.method ?? '',
      path: request.url ?? '',
      rpc: [],
      authorization: request.headers.authorization,
    });
    answer(request, response);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url: `${origin}/mcp`,
    origin,
    requests,
    close: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
