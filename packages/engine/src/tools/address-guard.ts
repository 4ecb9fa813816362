import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { isAllowedHost, stripBrackets } from './host-patterns';

export { isAllowedHost } from './host-patterns';

/** A resolved address, as `dns.lookup` with `all: true` returns it. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to every address it has (injectable so tests never touch real DNS). */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

/** The request would reach an address on a private, local or reserved network. */
export class AddressBlockedError extends Error {
  override readonly name = 'AddressBlockedError';
  readonly code = 'address_blocked';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    const via = hostname === address ? '' : ` (${hostname} resolves to it)`;
    super(
      `Refused to connect to ${address}${via}: ${reason}. Add the host to the allowed hosts, or allow private networks, if this is intended.`,
    );
  }
}

type V4Range = [base: number, bits: number, reason: string];

const V4_BLOCKED: V4Range[] = [
  ['169.254.169.254', 32, 'cloud metadata service'],
  ['0.0.0.0', 8, 'unspecified "this network" address'],
  ['10.0.0.0', 8, 'private network (RFC 1918)'],
  ['100.64.0.0', 10, 'carrier-grade NAT (shared address space)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private network (RFC 1918)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation range'],
  ['192.88.99.0', 24, 'reserved 6to4 relay'],
  ['192.168.0.0', 16, 'private network (RFC 1918)'],
  ['198.18.0.0', 15, 'benchmarking range'],
  ['198.51.100.0', 24, 'documentation range'],
  ['203.0.113.0', 24, 'documentation range'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (incl. broadcast)'],
].map(([base, bits, reason]) => [parseLooseIPv4(base as string)!, bits as number, reason as string]);

const V6_BLOCKED: Array<[ipaddr.IPv6, number, string]> = (
  [
    ['::', 128, 'unspecified address'],
    ['::1', 128, 'loopback'],
    ['fd00:ec2::254', 128, 'cloud metadata service'],
    ['64:ff9b:1::', 48, 'local-use NAT64 prefix'],
    ['100::', 64, 'discard prefix'],
    ['2001::', 23, 'IETF protocol assignments (incl. Teredo)'],
    ['2001:db8::', 32, 'documentation range'],
    ['2002::', 16, '6to4 tunnel prefix'],
    ['3fff::', 20, 'documentation range'],
    ['5f00::', 16, 'segment routing prefix'],
    ['fc00::', 7, 'unique local address (private network)'],
    ['fe80::', 10, 'link-local'],
    ['fec0::', 10, 'site-local (deprecated)'],
    ['ff00::', 8, 'multicast'],
  ] as const
).map(([base, bits, reason]) => [ipaddr.IPv6.parse(base), bits, reason]);

const GLOBAL_UNICAST = ipaddr.IPv6.parse('2000::');

/**
 * Why an IP address must not be reached, or undefined when it is a public unicast address.
 * Accepts IPv4 in dotted, decimal, octal and hex spellings ("2130706433", "0x7f.1", "0177.0.0.1"),
 * and IPv6 with or without brackets. IPv4-mapped, IPv4-compatible, IPv4-translated and NAT64 IPv6
 * addresses are judged by the IPv4 address they carry; anything outside 2000::/3 is refused.
 */
export function findBlockedReason(address: string): string | undefined {
  const v4 = parseLooseIPv4(address);
  if (v4 !== undefined) return v4Reason(v4);
  const v6 = parseIPv6(address);
  if (v6 === undefined) return 'not an IP address';
  for (const [base, bits, reason] of V6_BLOCKED) {
    if (v6.match(base, bits)) return reason;
  }
  const embedded = embeddedIPv4(v6);
  if (embedded !== undefined) {
    const reason = v4Reason(embedded.value);
    return reason === undefined ? undefined : `${embedded.form} of ${formatIPv4(embedded.value)}: ${reason}`;
  }
  if (!v6.match(GLOBAL_UNICAST, 3)) return 'reserved IPv6 range';
  return undefined;
}

/** Whether a host name is an IP literal (in any spelling `findBlockedReason` accepts). */
export function isIPLiteral(hostname: string): boolean {
  return parseLooseIPv4(hostname) !== undefined || parseIPv6(hostname) !== undefined;
}

/** Options deciding which hosts the guard lets through. */
export interface AddressGuardOptions {
  /** Host names (case-insensitive, exact or "*.example.com") that may be private, e.g. a local Ollama. */
  allowHosts?: readonly string[];
  /** Skip the check entirely (self-hosted setups that call their own services). */
  allowPrivateNetwork?: boolean;
  lookup?: HostLookup;
}

/**
 * Resolves a host and checks every address it resolves to; returns the address to connect to, so the
 * connection uses exactly the checked address (no second DNS answer can swap in a private one).
 * Throws `AddressBlockedError` when any address is blocked, unless the host is allowed.
 */
export async function resolveAllowedAddress(
  hostname: string,
  options: AddressGuardOptions,
): Promise<ResolvedAddress> {
  const host = stripBrackets(hostname).toLowerCase().replace(/\.$/, '');
  const trusted = options.allowPrivateNetwork === true || isAllowedHost(host, options.allowHosts);
  const literal = literalAddress(host);
  if (literal !== undefined) {
    const reason = trusted ? undefined : findBlockedReason(literal.address);
    if (reason !== undefined) throw new AddressBlockedError(host, literal.address, reason);
    return literal;
  }
  if (!trusted && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new AddressBlockedError(host, host, 'loopback host name');
  }
  const addresses = await (options.lookup ?? defaultLookup)(host);
  if (addresses.length === 0)
    throw new AddressBlockedError(host, host, 'the host name did not resolve to any address');
  if (!trusted) {
    for (const resolved of addresses) {
      const reason = findBlockedReason(resolved.address);
      if (reason !== undefined) throw new AddressBlockedError(host, resolved.address, reason);
    }
  }
  return addresses[0]!;
}

async function defaultLookup(hostname: string): Promise<ResolvedAddress[]> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

function literalAddress(host: string): ResolvedAddress | undefined {
  const v4 = parseLooseIPv4(host);
  if (v4 !== undefined) return { address: formatIPv4(v4), family: 4 };
  const v6 = parseIPv6(host);
  return v6 === undefined ? undefined : { address: v6.toString(), family: 6 };
}

function v4Reason(value: number): string | undefined {
  for (const [base, bits, reason] of V4_BLOCKED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((value & mask) >>> 0 === (base & mask) >>> 0) return reason;
  }
  return undefined;
}

function embeddedIPv4(address: ipaddr.IPv6): { form: string; value: number } | undefined {
  const p = address.parts;
  const low = ((p[6]! << 16) >>> 0) + p[7]!;
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);
  if (zeros(0, 5) && p[5] === 0xffff) return { form: 'IPv4-mapped address', value: low };
  if (zeros(0, 6)) return { form: 'IPv4-compatible address', value: low };
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { form: 'IPv4-translated address', value: low };
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return { form: 'NAT64 address', value: low };
  return undefined;
}

/**
 * Parses IPv4 the way `inet_aton` does: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x),
 * the last part filling the remaining bytes. Returns the address as an unsigned 32-bit number.
 */
export function parseLooseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 0 || parts.length > 4) return undefined;
  const numbers: number[] = [];
  for (const part of parts) {
    const value = parseIPv4Part(part);
    if (value === undefined) return undefined;
    numbers.push(value);
  }
  const last = numbers.pop()!;
  if (numbers.some((value) => value > 255) || last >= 2 ** (8 * (4 - numbers.length))) return undefined;
  let result = 0;
  for (const [index, value] of numbers.entries()) result += value * 2 ** (8 * (3 - index));
  return result + last;
}

function parseIPv4Part(part: string): number | undefined {
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    if (digits === '') return 0;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const pattern = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!pattern.test(digits)) return undefined;
  const value = Number.parseInt(digits, radix);
  return value <= 0xffffffff ? value : undefined;
}

function parseIPv6(text: string): ipaddr.IPv6 | undefined {
  let bare = stripBrackets(text).replace(/%.*$/, '');
  if (!bare.includes(':')) return undefined;
  // ipaddr.js reads "::1.2.3.4" as IPv4-mapped; rewrite a dotted tail as two hex groups, as the OS does.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (dotted !== null) {
    const value = ipaddr.IPv4.isValidFourPartDecimal(dotted[1]!) ? parseLooseIPv4(dotted[1]!) : undefined;
    if (value === undefined) return undefined;
    bare = `${bare.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  return ipaddr.IPv6.isValid(bare) ? ipaddr.IPv6.parse(bare) : undefined;
}

function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}
