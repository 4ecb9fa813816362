import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedLogs, captureLogs } from '../logging/capture.testing';
import { logger, useLogger } from '../logging/process-logger';
import { REQUEST_ID_HEADER } from '../logging/request-context';
import { serveHotRoutes } from './hot-routes';

/** Requests wait here until both have arrived, so their handling interleaves. */
const arrived: (() => void)[] = [];
const bothArrived = () =>
  new Promise<void>((resolve) => {
    arrived.push(resolve);
    if (arrived.length === 2) for (const release of arrived.splice(0)) release();
  });

/** Logs before and after waiting for the other request, then after a timer (a later turn). */
async function handle(label: string): Promise<void> {
  logger().info({ label }, 'started');
  await bothArrived();
  logger().info({ label }, 'both arrived');
  await new Promise((resolve) => setTimeout(resolve, 5));
  logger().info({ label }, 'finished');
}

let server: http.Server;
let base: string;
let logs: CapturedLogs;
let restore: () => void;

beforeAll(async () => {
  logs = await captureLogs('info');
  restore = useLogger(logs.logger);
  // A hot route, and everything else answered by the server's own handler (Next's, in the app).
  serveHotRoutes(
    [
      {
        path: /^\/hot\/([^/]+)$/,
        async handle(_request, [label]) {
          await handle(label!);
          return new Response('hot');
        },
      },
    ],
    {},
  );
  server = http.createServer((request, response) => {
    const label = new URL(request.url ?? '/', 'http://x').searchParams.get('label') ?? '';
    void handle(label).then(() => response.end('next'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  restore();
  await new Promise((resolve) => server.close(resolve));
});

/** The request id of every line logged for `label`. */
const idsOf = (label: string) =>
  logs
    .lines()
    .filter((line) => line.label === label)
    .map((line) => line.requestId);

describe('request ids', () => {
  it('keeps each of two concurrent requests on its own id, on hot routes and the rest', async () => {
    const [hot, plain] = await Promise.all([
      fetch(`${base}/hot/a`, { method: 'POST', headers: { [REQUEST_ID_HEADER]: 'client-id-a' } }),
      fetch(`${base}/other?label=b`, { headers: { [REQUEST_ID_HEADER]: 'client-id-b' } }),
    ]);
    expect(await hot.text()).toBe('hot');
    expect(await plain.text()).toBe('next');
    expect(hot.headers.get(REQUEST_ID_HEADER)).toBe('client-id-a');
    expect(plain.headers.get(REQUEST_ID_HEADER)).toBe('client-id-b');
    expect(idsOf('a')).toEqual(['client-id-a', 'client-id-a', 'client-id-a']);
    expect(idsOf('b')).toEqual(['client-id-b', 'client-id-b', 'client-id-b']);
  });

  it('makes an id when none comes, or one that is too long or unsafe, and sends it back', async () => {
    const unsafe = ['x'.repeat(129), 'line\tbreak', 'quote"d', 'two, values'];
    const responses = await Promise.all([
      fetch(`${base}/other?label=c`),
      fetch(`${base}/hot/d`, { method: 'POST' }),
      // Six requests: each waits for a partner (bothArrived) before it answers.
      ...unsafe.map((id, index) =>
        fetch(`${base}/other?label=u${index}`, { headers: { [REQUEST_ID_HEADER]: id } }),
      ),
    ]);
    const made = responses.map((response) => response.headers.get(REQUEST_ID_HEADER));
    for (const id of made)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(made).size).toBe(made.length);
    expect(idsOf('c')).toEqual([made[0], made[0], made[0]]);
    expect(idsOf('d')).toEqual([made[1], made[1], made[1]]);
  });

  it('logs nothing of its own per request', async () => {
    const before = logs.lines().length;
    await Promise.all([fetch(`${base}/other?label=e`), fetch(`${base}/other?label=f`)]);
    expect(
      logs
        .lines()
        .slice(before)
        .every((line) => line.label === 'e' || line.label === 'f'),
    ).toBe(true);
  });
});
