import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostRefusalMessage, isAllowedHost, refuseUnknownHosts } from './host-check';

describe('isAllowedHost', () => {
  it('accepts local names and IP literals, with or without a port', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'LOCALHOST.',
      'agentry.localhost:3000',
      '127.0.0.1',
      '127.0.0.1:3000',
      '192.168.1.20:3000',
      '[::1]:3000',
      '[fe80::1]',
    ])
      expect(isAllowedHost(host, []), host).toBe(true);
  });

  it('refuses any other name unless configured: a rebinding page sends its own name', () => {
    for (const host of [
      'evil.example',
      'evil.example:3000',
      '127.0.0.1.evil.example',
      'localhost.evil.example',
    ])
      expect(isAllowedHost(host, []), host).toBe(false);
    const configured = ['agentry.example.com', '*.agents.example.org', 'https://chat.example.net/'];
    expect(isAllowedHost('agentry.example.com', configured)).toBe(true);
    expect(isAllowedHost('Agentry.Example.com:443', configured)).toBe(true);
    expect(isAllowedHost('eu.agents.example.org', configured)).toBe(true);
    expect(isAllowedHost('chat.example.net', configured)).toBe(true);
    expect(isAllowedHost('agents.example.org', configured)).toBe(false);
    expect(isAllowedHost('evilagentry.example.com', configured)).toBe(false);
    expect(isAllowedHost('evil.example', configured)).toBe(false);
  });

  it('refuses malformed Host headers, and accepts a request without one (HTTP/1.0)', () => {
    for (const host of ['', 'a b', 'evil.example/path', 'user@localhost', 'local host'])
      expect(isAllowedHost(host, []), host).toBe(false);
    expect(isAllowedHost(undefined, [])).toBe(true);
  });

  it('names the refused host and the setting', () => {
    expect(hostRefusalMessage('evil.example')).toMatch(/"evil\.example".*AGENTRY_PUBLIC_HOSTS/);
  });
});

/** Sends one request with the Host header given (fetch cannot set it). */
function send(port: number, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/api/health', headers: { host } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

describe('refuseUnknownHosts on a real server', () => {
  let server: http.Server;
  let port: number;
  const handled: string[] = [];

  beforeAll(async () => {
    // What instrumentation-node.ts does at start, before Next sees any request.
    refuseUnknownHosts(['agentry.example.com']);
    server = http.createServer((request, response) => {
      handled.push(request.headers.host ?? '');
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 421 to `Host: evil.example` without the handler ever seeing it', async () => {
    const refused = await send(port, 'evil.example');
    expect(refused.status).toBe(421);
    expect(refused.body).toMatch(/AGENTRY_PUBLIC_HOSTS/);
    expect(handled).toEqual([]);
  });

  it('serves local names, IP literals and the configured public host', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'agentry.example.com']) {
      expect((await send(port, host)).status, host).toBe(200);
    }
    expect(handled).toEqual([`localhost:${port}`, `127.0.0.1:${port}`, 'agentry.example.com']);
  });

  it('refuses a WebSocket upgrade for an unknown host too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request({
        host: '127.0.0.1',
        port,
        path: '/_next/webpack-hmr',
        headers: { host: 'evil.example', connection: 'Upgrade', upgrade: 'websocket' },
      });
      request.on('response', (response) => resolve(response.statusCode ?? 0));
      request.on('upgrade', () => resolve(101));
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(421);
  });
});
