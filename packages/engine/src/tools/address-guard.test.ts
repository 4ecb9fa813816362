import { describe, expect, it, vi } from 'vitest';
import {
  AddressBlockedError,
  findBlockedReason,
  type HostLookup,
  isAllowedHost,
  parseLooseIPv4,
  resolveAllowedAddress,
} from './address-guard';

describe('findBlockedReason: IPv4', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private network'],
    ['10.255.255.255', 'private network'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.0.0.192', 'IETF protocol'],
    ['192.0.2.1', 'documentation'],
    ['192.88.99.1', '6to4 relay'],
    ['192.168.1.1', 'private network'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
  ])('blocks %s (%s)', (address, reason) => {
    expect(findBlockedReason(address)).toContain(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '11.0.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.0.1',
    '192.169.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '223.255.255.255',
  ])('allows public %s', (address) => {
    expect(findBlockedReason(address)).toBeUndefined();
  });

  it.each([
    ['2130706433', 'loopback'],
    ['017700000001', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0177.0.0.01', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['0', 'unspecified'],
    ['0x0', 'unspecified'],
    ['3232235777', 'private network'],
    ['0xa9fea9fe', 'cloud metadata'],
    ['0251.0376.0251.0376', 'cloud metadata'],
    ['169.254.43518', 'cloud metadata'],
  ])('blocks the encoded form %s (%s)', (address, reason) => {
    expect(findBlockedReason(address)).toContain(reason);
  });

  it('parses IPv4 like inet_aton and refuses what is not an address', () => {
    expect(parseLooseIPv4('1.2.3.4')).toBe(0x01020304);
    expect(parseLooseIPv4('0x01.0x02.0x0304')).toBe(0x01020304);
    for (const text of [
      '1.2.3.4.5',
      '256.1.1.1',
      '1.2.3.256',
      '08.1.1.1',
      '0xg.1.1.1',
      'a.b.c.d',
      '',
      '4294967296',
      '1..2',
    ]) {
      expect(parseLooseIPv4(text), text).toBeUndefined();
    }
  });
});

describe('findBlockedReason: IPv6', () => {
  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['ff02::1', 'multicast'],
    ['ff05::1:3', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped address of 127.0.0.1: loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped address of 127.0.0.1: loopback'],
    ['::ffff:10.0.0.1', 'private network'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::127.0.0.1', 'IPv4-compatible address of 127.0.0.1'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated address of 127.0.0.1'],
    ['64:ff9b::127.0.0.1', 'NAT64 address of 127.0.0.1'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['100::1', 'discard'],
    ['2001::1', 'Teredo'],
    ['2001:2::1', 'IETF protocol'],
    ['2001:db8::1', 'documentation'],
    ['2002:7f00:1::1', '6to4'],
    ['3fff::1', 'documentation'],
    ['5f00::1', 'segment routing'],
    ['4000::1', 'reserved IPv6'],
    ['::2', 'IPv4-compatible address of 0.0.0.2'],
  ])('blocks %s (%s)', (address, reason) => {
    expect(findBlockedReason(address)).toContain(reason);
  });

  it.each([
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001:81c::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows public %s', (address) => {
    expect(findBlockedReason(address)).toBeUndefined();
  });

  it('refuses things that are not IP addresses', () => {
    expect(findBlockedReason('example.com')).toBe('not an IP address');
    expect(findBlockedReason('1::2::3')).toBe('not an IP address');
  });
});

describe('resolveAllowedAddress', () => {
  const lookupOf = (...addresses: string[]): HostLookup =>
    vi.fn(async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

  it('returns the checked address of a public name', async () => {
    expect(await resolveAllowedAddress('example.com', { lookup: lookupOf('93.184.216.34') })).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('refuses a name that resolves to a private address, naming both', async () => {
    const error = await resolveAllowedAddress('intranet.example.com', { lookup: lookupOf('10.1.2.3') }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(AddressBlockedError);
    expect(error.code).toBe('address_blocked');
    expect(error.address).toBe('10.1.2.3');
    expect(error.message).toContain('intranet.example.com resolves to it');
    expect(error.message).toContain('private network');
  });

  it('checks every resolved address, not only the first', async () => {
    await expect(
      resolveAllowedAddress('mixed.example', { lookup: lookupOf('93.184.216.34', '::1') }),
    ).rejects.toThrow(/::1.*loopback/);
    await expect(
      resolveAllowedAddress('mapped.example', { lookup: lookupOf('2606:4700::1', '::ffff:192.168.0.1') }),
    ).rejects.toThrow(/private network/);
  });

  it('refuses literal addresses and localhost names without asking DNS', async () => {
    const lookup = lookupOf('93.184.216.34');
    await expect(resolveAllowedAddress('127.0.0.1', { lookup })).rejects.toThrow(AddressBlockedError);
    await expect(resolveAllowedAddress('[::1]', { lookup })).rejects.toThrow(AddressBlockedError);
    await expect(resolveAllowedAddress('localhost', { lookup })).rejects.toThrow(/loopback host name/);
    await expect(resolveAllowedAddress('api.localhost.', { lookup })).rejects.toThrow(/loopback host name/);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('lets allowed hosts and allowPrivateNetwork through', async () => {
    expect(await resolveAllowedAddress('127.0.0.1', { allowHosts: ['127.0.0.1'] })).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(await resolveAllowedAddress('[::1]', { allowHosts: ['[::1]'] })).toEqual({
      address: '::1',
      family: 6,
    });
    const lookup = lookupOf('10.0.0.7');
    expect(
      (await resolveAllowedAddress('Ollama.Corp.Example', { allowHosts: ['*.corp.example'], lookup }))
        .address,
    ).toBe('10.0.0.7');
    expect((await resolveAllowedAddress('db.internal', { allowPrivateNetwork: true, lookup })).address).toBe(
      '10.0.0.7',
    );
  });

  it('refuses a name with no addresses', async () => {
    await expect(resolveAllowedAddress('empty.example', { lookup: lookupOf() })).rejects.toThrow(
      /did not resolve/,
    );
  });

  it('matches allowed hosts exactly or by subdomain pattern', () => {
    expect(isAllowedHost('a.example', ['a.example'])).toBe(true);
    expect(isAllowedHost('b.a.example', ['a.example'])).toBe(false);
    expect(isAllowedHost('b.a.example', ['*.a.example'])).toBe(true);
    expect(isAllowedHost('evil-a.example', ['*.a.example'])).toBe(false);
    expect(isAllowedHost('a.example', undefined)).toBe(false);
  });
});
