import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake provider received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** How the fake provider answers one request. */
export type FakeReply =
  | { json: unknown; status?: number; headers?: Record<string, string> }
  | { sse: string; status?: number }
  | { raw: (response: ServerResponse) => void };

/** A loopback server that speaks whatever protocol its `reply` function writes; tests only. */
export interface FakeProvider {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Reads a recorded fixture beside this file (SSE streams as `.sse`, JSON bodies as `.json`). */
export function fixture(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

/** Reads a JSON fixture. */
export function jsonFixture(name: string): unknown {
  return JSON.parse(fixture(name));
}

/** Starts the fake provider on 127.0.0.1 with a random port. */
export async function startFakeProvider(
  reply: (request: RecordedRequest) => FakeReply,
): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(recorded);
      void send(response, reply(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function send(response: ServerResponse, reply: FakeReply): Promise<void> {
  if ('raw' in reply) {
    reply.raw(response);
    return;
  }
  if ('json' in reply) {
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.json));
    return;
  }
  response.writeHead(reply.status ?? 200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
  });
  // One event per write, with a pause, so the client really receives a stream in several pieces.
  for (const event of reply.sse.split(/\n\n/).filter((part) => part.trim() !== '')) {
    response.write(`${event}\n\n`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}
