import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '@agentry/api';
import {
  handleCreateAgent,
  handleGetAgent,
  handleGetAgentEmbed,
  handleGetAgentTests,
  handleListAgents,
  handleReplaceAgentTests,
  handleUpdateAgent,
  handleUpdateAgentEmbed,
} from '@agentry/api/http';

/** Runs before a request is handled (a test's way to change the server between a check and a write). */
export type BeforeRequest = (method: string, pathname: string) => Promise<void>;

function route(runtime: Runtime, request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const method = request.method;
  if (pathname === '/api/v1/agents' && method === 'GET') return handleListAgents(runtime, request);
  if (pathname === '/api/v1/agents' && method === 'POST') return handleCreateAgent(runtime, request);
  const match = /^\/api\/v1\/agents\/([^/]+)(\/embed|\/tests)?$/.exec(pathname);
  if (match) {
    const id = decodeURIComponent(match[1]!);
    const handlers: Record<string, typeof handleGetAgent> = {
      'GET ': handleGetAgent,
      'PUT ': handleUpdateAgent,
      'GET /embed': handleGetAgentEmbed,
      'PUT /embed': handleUpdateAgentEmbed,
      'GET /tests': handleGetAgentTests,
      'PUT /tests': handleReplaceAgentTests,
    };
    const handler = handlers[`${method} ${match[2] ?? ''}`];
    if (handler) return handler(runtime, request, id);
  }
  return Promise.resolve(
    Response.json({ error: { code: 'not_found', message: 'No such route.' } }, { status: 404 }),
  );
}

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers))
    if (typeof value === 'string') headers.set(name, value);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(message.url ?? '/', origin), { method: message.method, headers, body });
}

/**
 * The HTTP API's agent routes on a loopback port, answered by the real handlers over `runtime`: what
 * `pull`, `push` and `diff` talk to in tests. Close it with `close()`.
 */
export async function startSyncServer(
  runtime: Runtime,
  beforeRequest?: BeforeRequest,
): Promise<{ url: string; close: () => Promise<void> }> {
  let origin = '';
  const server: Server = createServer((message, reply) => {
    void (async () => {
      const request = await toRequest(message, origin);
      await beforeRequest?.(request.method, new URL(request.url).pathname);
      const response = await route(runtime, request);
      reply.writeHead(response.status, Object.fromEntries(response.headers));
      reply.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      reply.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
