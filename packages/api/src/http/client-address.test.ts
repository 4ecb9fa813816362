import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLogs } from '../logging/capture.testing';
import { useLogger } from '../logging/process-logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressLimitKey,
  clientAddress,
  PEER_ADDRESS_HEADER,
  peerAddressHeader,
  stampPeerAddresses,
} from './client-address';

const at = (headers: Record<string, string>) => new Request('http://127.0.0.1/x', { headers });

describe('clientAddress', () => {
  it('is the connection address, whatever X-Forwarded-For claims, when no proxy is trusted', () => {
    const request = at({
      [PEER_ADDRESS_HEADER]: peerAddressHeader('198.51.100.7'),
      'x-forwarded-for': '203.0.113.1',
      'x-real-ip': '203.0.113.2',
    });
    expect(clientAddress(request, 0)).toBe('198.51.100.7');
  });

  it('takes the entry the outermost trusted proxy appended', () => {
    // client -> proxy A (appends the client) -> proxy B (appends A) -> Agentry (sees B)
    const headers = {
      [PEER_ADDRESS_HEADER]: peerAddressHeader('10.0.0.2'),
      'x-forwarded-for': '203.0.113.66, 198.51.100.7, 10.0.0.1',
    };
    expect(clientAddress(at(headers), 1)).toBe('10.0.0.1');
    expect(clientAddress(at(headers), 2)).toBe('198.51.100.7');
    // The leftmost entry is the client's own claim; trusting more proxies than there are stops there.
    expect(clientAddress(at(headers), 10)).toBe('203.0.113.66');
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: peerAddressHeader('10.0.0.2') }), 1)).toBe('10.0.0.2');
  });

  it('refuses a stamp the process did not write: the request gets no address of its own', () => {
    expect(clientAddress(at({}), 0)).toBe('unknown');
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: '203.0.113.1' }), 0)).toBe('unknown');
    const forged = `${'0'.repeat(32)} 203.0.113.1`;
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: forged }), 0)).toBe('unknown');
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: `zz${forged}` }), 0)).toBe('unknown');
  });

  it('says once, naming the setting, when a local proxy forwards requests it is not trusted for', async () => {
    const logs = await captureLogs('info');
    const restore = useLogger(logs.logger);
    const warnings = () => logs.lines().filter((line) => line.level === 'warn');
    const proxied = () =>
      at({ [PEER_ADDRESS_HEADER]: peerAddressHeader('127.0.0.1'), 'x-forwarded-for': '203.0.113.5' });
    clientAddress(
      at({ [PEER_ADDRESS_HEADER]: peerAddressHeader('198.51.100.1'), 'x-forwarded-for': '1.2.3.4' }),
      0,
    );
    expect(warnings()).toEqual([]);
    expect(clientAddress(proxied(), 0)).toBe('127.0.0.1');
    clientAddress(proxied(), 0);
    restore();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({
      peer: '127.0.0.1',
      msg: expect.stringMatching(/AGENTRY_TRUSTED_PROXIES/),
    });
  });

  it('reads IPv4 clients of a dual-stack socket as IPv4', () => {
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: peerAddressHeader('::ffff:10.1.2.3') }), 0)).toBe(
      '10.1.2.3',
    );
    expect(clientAddress(at({ [PEER_ADDRESS_HEADER]: peerAddressHeader('::1') }), 0)).toBe('::1');
  });
});

describe('stampPeerAddresses', () => {
  let server: http.Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    stampPeerAddresses();
    stampPeerAddresses(); // a second call changes nothing
    server = http.createServer((request, response) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      seen.push(clientAddress(new Request('http://127.0.0.1/', { headers }), 0));
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("writes the socket's address over whatever the client sent", async () => {
    await fetch(url);
    await fetch(url, {
      headers: {
        [PEER_ADDRESS_HEADER]: peerAddressHeader('203.0.113.1'),
        'x-forwarded-for': '203.0.113.2',
      },
    });
    expect(seen).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});

describe('addressLimitKey', () => {
  it('counts every address of one IPv6 /64 together, so rotating inside it earns no new allowance', () => {
    const key = addressLimitKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const address of [
      '2001:db8:1:2:ffff:ffff:ffff:ffff',
      '2001:0DB8:0001:0002:abcd::9',
      '2001:db8:1:2::1%eth0',
    ])
      expect(addressLimitKey(address)).toBe(key);
    expect(addressLimitKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(addressLimitKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('counts IPv4 exactly, and an IPv4-mapped IPv6 address as its IPv4', () => {
    expect(addressLimitKey('198.51.100.7')).toBe('198.51.100.7');
    expect(addressLimitKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(addressLimitKey('::ffff:c633:6407')).toBe('198.51.100.7');
    expect(addressLimitKey('198.51.100.8')).not.toBe('198.51.100.7');
  });

  it('leaves what is not an address as it is (`unknown` stays one shared allowance)', () => {
    expect(addressLimitKey('unknown')).toBe('unknown');
  });
});
