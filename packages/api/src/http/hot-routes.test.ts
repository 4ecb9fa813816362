import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress, PEER_ADDRESS_HEADER, stampPeerAddresses } from './client-address';
import { refuseUnknownHosts } from './host-check';
import { serveHotRoutes } from './hot-routes';
import { readBodyText } from './read-body';

/** The streamed parts: 200 of 300 bytes, more than a socket buffers before it asks the writer to wait. */
const partText = (index: number) => `data: ${index} ${'x'.repeat(300)}\n\n`;

/** What the hot route saw of each request, and whether its signal aborted. */
const seen: { params: string[]; body: string; peer: string | undefined; url: string; aborted: boolean }[] =
  [];
let release: (() => void) | undefined;

let server: http.Server;
let base: string;

beforeAll(async () => {
  serveHotRoutes(
    [
      {
        path: /^\/hot\/([^/]+)\/chat$/,
        async handle(request, params) {
          const entry = {
            params,
            body: await readBodyText(request, 1024),
            peer: clientAddress(request, 0),
            url: request.url,
            aborted: false,
          };
          seen.push(entry);
          request.signal.addEventListener('abort', () => {
            entry.aborted = true;
          });
          if (params[0] === 'held') {
            // Streams one part, then holds the stream open until the test lets go.
            let cancelled = false;
            return new Response(
              new ReadableStream({
                async start(controller) {
                  controller.enqueue(new TextEncoder().encode('data: first\n\n'));
                  await new Promise<void>((resolve) => {
                    release = resolve;
                  });
                  if (!cancelled) controller.close();
                },
                cancel() {
                  cancelled = true;
                  release?.();
                },
              }),
              { headers: { 'content-type': 'text/event-stream' } },
            );
          }
          // Many small parts in one turn and across turns, as tokens arrive.
          const parts = Array.from({ length: 200 }, (_, index) => partText(index));
          return new Response(
            new ReadableStream({
              async start(controller) {
                for (const [index, part] of parts.entries()) {
                  controller.enqueue(new TextEncoder().encode(part));
                  // The last parts and the end come in one turn: the end must still follow them.
                  if (index % 50 === 49 && index < parts.length - 1)
                    await new Promise((resolve) => setTimeout(resolve, 1));
                }
                controller.close();
              },
            }),
            {
              status: 201,
              headers: {
                'content-type': 'text/event-stream',
                connection: 'keep-alive',
                'x-route': 'hot',
                'set-cookie': 'a=1',
              },
            },
          );
        },
      },
    ],
    { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' },
  );
  stampPeerAddresses();
  refuseUnknownHosts([]);
  server = http.createServer((_request, response) => {
    response.writeHead(200, { 'x-route': 'next' });
    response.end('next');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('serveHotRoutes', () => {
  it('answers a matching POST itself: parameters, body, stamped address, headers and every part in order', async () => {
    const response = await fetch(`${base}/hot/agent%20one/chat?x=1`, {
      method: 'POST',
      // A client cannot forge the stamped address: the stamp runs first and overwrites it.
      headers: { 'content-type': 'application/json', [PEER_ADDRESS_HEADER]: 'forged 10.0.0.1' },
      body: '{"hello":"world"}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-route')).toBe('hot');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('set-cookie')).toBe('a=1');
    const text = await response.text();
    expect(text).toBe(Array.from({ length: 200 }, (_, index) => partText(index)).join(''));
    const entry = seen.at(-1)!;
    expect(entry.params).toEqual(['agent one']);
    expect(entry.body).toBe('{"hello":"world"}');
    expect(entry.peer).toBe('127.0.0.1');
    expect(new URL(entry.url).pathname).toBe('/hot/agent%20one/chat');
    expect(new URL(entry.url).search).toBe('?x=1');
    expect(entry.aborted).toBe(false);
  });

  it('serves many requests on one kept-alive connection without mixing their answers', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    try {
      const answers = await Promise.all(
        Array.from(
          { length: 20 },
          (_, index) =>
            new Promise<string>((resolve, reject) => {
              const request = http.request(
                `${base}/hot/run-${index}/chat`,
                { method: 'POST', agent, headers: { 'content-type': 'text/plain' } },
                (response) => {
                  let body = '';
                  response.setEncoding('utf8');
                  response.on('data', (chunk) => (body += chunk));
                  response.on('end', () => resolve(body));
                },
              );
              request.on('error', reject);
              request.end(`body ${index}`);
            }),
        ),
      );
      for (const answer of answers)
        expect(answer).toBe(Array.from({ length: 200 }, (_, index) => partText(index)).join(''));
    } finally {
      agent.destroy();
    }
  });

  it('leaves other methods and paths to the server’s own handler', async () => {
    for (const [method, path] of [
      ['GET', '/hot/a/chat'],
      ['OPTIONS', '/hot/a/chat'],
      ['POST', '/hot/a/chat/'],
      ['POST', '/hot/a/b/chat'],
      ['POST', '/hot/%E0%A4%A/chat'],
    ] as const) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.headers.get('x-route'), `${method} ${path}`).toBe('next');
    }
  });

  it('refuses an unknown Host before the hot route sees it', async () => {
    const count = seen.length;
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${base}/hot/a/chat`,
        { method: 'POST', headers: { host: 'evil.example' } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end('{}');
    });
    expect(status).toBe(421);
    expect(seen.length).toBe(count);
  });

  it('aborts the request signal and cancels the answer when the client goes away mid-stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/hot/held/chat`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');
    const entry = seen.at(-1)!;
    controller.abort();
    const deadline = Date.now() + 2000;
    while (!entry.aborted && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(entry.aborted).toBe(true);
  });

  it('must be installed before the host check and the address stamp', () => {
    // Both are installed here already; a second install only replaces the routes.
    expect(() => serveHotRoutes([], {})).not.toThrow();
  });
});
