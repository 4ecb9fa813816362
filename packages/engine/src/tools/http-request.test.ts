import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AddressBlockedError, type HostLookup } from './address-guard';
import { safeFetch } from './http-request';
import {
  HttpRequestError,
  RequestTimeoutError,
  RequestTooLargeError,
  TooManyRedirectsError,
} from './http-request-errors';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];

/** A loopback test server; returns its base URL and the requests it saw. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handler(request, response, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, port, seen };
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const loopback = { allowHosts: ['127.0.0.1'] };

describe('safeFetch', () => {
  it('fetches from an allow-listed loopback server', async () => {
    const { base, seen } = await serve((_request, response) => {
      response.setHeader('x-answer', '42');
      response.end('hello');
    });
    const result = await safeFetch(
      `${base}/path?q=1`,
      { method: 'post', headers: { 'X-Token': 'abc', Host: 'evil.example' }, body: '{"a":1}' },
      loopback,
    );
    expect(result).toMatchObject({ status: 200, body: 'hello', url: `${base}/path?q=1` });
    expect(result.headers['x-answer']).toBe('42');
    expect(result.truncated).toBeUndefined();
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/path?q=1', body: '{"a":1}' });
    expect(seen[0]?.headers['x-token']).toBe('abc');
    expect(seen[0]?.headers.host).toBe(new URL(base).host);
  });

  it.each([
    ['a loopback literal', (port: number) => `http://127.0.0.1:${port}/`],
    ['a decimal IPv4 host', (port: number) => `http://2130706433:${port}/`],
    ['a hex IPv4 host', (port: number) => `http://0x7f.1:${port}/`],
    ['an octal IPv4 host', (port: number) => `http://0177.0.0.1:${port}/`],
    ['an IPv4-mapped IPv6 host', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['the IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['localhost', (port: number) => `http://localhost:${port}/`],
  ])('refuses %s without connecting', async (_name, url) => {
    const { port, seen } = await serve((_request, response) => response.end('secret'));
    await expect(safeFetch(url(port), {}, {})).rejects.toThrow(AddressBlockedError);
    expect(seen).toHaveLength(0);
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup: HostLookup = async () => [{ address: '192.168.1.10', family: 4 }];
    await expect(safeFetch('http://printer.example/', {}, { lookup })).rejects.toThrow(
      /192\.168\.1\.10.*private network/,
    );
  });

  it('connects to the address it checked, so a second DNS answer cannot swap it (rebinding)', async () => {
    const { port, seen } = await serve((_request, response) => response.end('pinned'));
    const answers = ['127.0.0.1', '10.0.0.1'];
    const lookup = vi.fn<HostLookup>(async () => [{ address: answers.shift() ?? '10.0.0.1', family: 4 }]);
    const result = await safeFetch(
      `http://rebind.test:${port}/`,
      {},
      { allowHosts: ['rebind.test'], lookup },
    );
    expect(result.body).toBe('pinned');
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(seen[0]?.headers.host).toBe(`rebind.test:${port}`);
  });

  it('refuses a redirect from an allowed server to a private or metadata address', async () => {
    for (const target of [
      'http://10.0.0.1/admin',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:1/',
    ]) {
      const { base } = await serve((_request, response) => {
        response.writeHead(302, { location: target });
        response.end();
      });
      const error = await safeFetch(`${base}/start`, {}, loopback).catch((caught) => caught);
      expect(error, target).toBeInstanceOf(AddressBlockedError);
    }
  });

  it('refuses a redirect to a name that resolves to a private address', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(307, { location: 'http://internal.example/' });
      response.end();
    });
    const lookup: HostLookup = async () => [{ address: '172.20.0.5', family: 4 }];
    await expect(safeFetch(base, {}, { ...loopback, lookup })).rejects.toThrow(/172\.20\.0\.5/);
  });

  it('refuses redirects to other protocols', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(301, { location: 'file:///etc/passwd' });
      response.end();
    });
    const error = await safeFetch(base, {}, loopback).catch((caught) => caught);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error.code).toBe('unsupported_protocol');
  });

  it('follows allowed redirects: relative, 303 to GET, credentials dropped across origins', async () => {
    const second = await serve((_request, response) => response.end('arrived'));
    const first = await serve((request, response) => {
      if (request.url === '/start') {
        response.writeHead(303, { location: '/next' });
      } else {
        response.writeHead(307, { location: `${second.base}/final` });
      }
      response.end();
    });
    const result = await safeFetch(
      `${first.base}/start`,
      { method: 'POST', body: 'data', headers: { authorization: 'Bearer x', 'content-type': 'text/plain' } },
      loopback,
    );
    expect(result).toMatchObject({ status: 200, body: 'arrived', url: `${second.base}/final` });
    expect(first.seen.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', '/start', 'data'],
      ['GET', '/next', ''],
    ]);
    expect(first.seen[1]?.headers.authorization).toBe('Bearer x');
    expect(second.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('stops after maxRedirects', async () => {
    const { base } = await serve((_request, response) => {
      response.writeHead(302, { location: '/again' });
      response.end();
    });
    await expect(safeFetch(base, {}, { ...loopback, maxRedirects: 3 })).rejects.toThrow(
      TooManyRedirectsError,
    );
  });

  it('truncates a response over maxResponseBytes and says so', async () => {
    const { base } = await serve((_request, response) => {
      response.write('a'.repeat(60_000));
      response.end('b'.repeat(60_000));
    });
    const result = await safeFetch(base, {}, { ...loopback, maxResponseBytes: 1000 });
    expect(result.body).toBe('a'.repeat(1000));
    expect(result.truncated).toBe(true);
  });

  it('refuses a request body over maxRequestBytes before connecting', async () => {
    const { base, seen } = await serve((_request, response) => response.end());
    const error = await safeFetch(
      base,
      { method: 'POST', body: 'x'.repeat(2000) },
      { ...loopback, maxRequestBytes: 1000 },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error.code).toBe('request_too_large');
    expect(seen).toHaveLength(0);
  });

  it('times out a server that never answers, and one that stalls mid-body', async () => {
    const silent = await serve(() => undefined);
    const started = Date.now();
    const error = await safeFetch(silent.base, {}, { ...loopback, timeoutMs: 100 }).catch((e) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    const stalling = await serve((_request, response) => response.write('partial'));
    await expect(safeFetch(stalling.base, {}, { ...loopback, timeoutMs: 100 })).rejects.toThrow(
      RequestTimeoutError,
    );
  });

  it('stops when the signal aborts', async () => {
    const { base } = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await safeFetch(base, {}, { ...loopback, signal: controller.signal }).catch((e) => e);
    expect(error.code).toBe('aborted');
  });

  it.each([
    ['ftp://example.com/', 'unsupported_protocol'],
    ['file:///etc/passwd', 'unsupported_protocol'],
    ['not a url', 'invalid_url'],
    ['http://user:pass@example.com/', 'invalid_url'],
  ])('refuses %s', async (url, code) => {
    const error = await safeFetch(url).catch((e) => e);
    expect(error.code).toBe(code);
  });

  it('refuses CONNECT and TRACE', async () => {
    const error = await safeFetch('http://127.0.0.1:1/', { method: 'TRACE' }, loopback).catch((e) => e);
    expect(error.code).toBe('invalid_request');
  });

  it('reports a refused connection as a network error', async () => {
    const { port } = await serve(() => undefined);
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    const error = await safeFetch(`http://127.0.0.1:${port}/`, {}, loopback).catch((e) => e);
    expect(error.code).toBe('network');
  });

  it('keeps every hop on restrictToHosts, checking a redirect before connecting', async () => {
    const offList = await serve((_request, response) => response.end('should not be reached'));
    const start = await serve((_request, response) => {
      response.writeHead(302, { location: offList.base.replace('127.0.0.1', 'localhost') });
      response.end();
    });
    const error = await safeFetch(
      start.base,
      {},
      { allowPrivateNetwork: true, restrictToHosts: ['127.0.0.1'] },
    ).catch((e) => e);
    expect(error.code).toBe('host_not_allowed');
    expect(offList.seen).toHaveLength(0);
    const direct = await safeFetch('http://localhost:1/', {}, { restrictToHosts: ['*.example.com'] }).catch(
      (e) => e,
    );
    expect(direct.code).toBe('host_not_allowed');
  });
});
