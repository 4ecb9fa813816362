import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIPv4, isIPv6 } from 'node:net';
import { logger } from '../logging/process-logger';

/**
 * The header that carries the address of the socket a request came in on. The process's HTTP servers
 * write it on every request (`stampPeerAddresses`), over whatever a client sent, and prefix it with a
 * random value known only to this process: a client cannot make a request look as if it came from
 * another address, and a request that was not stamped (it arrived before the stamp was installed, or
 * was built in-process) has no address rather than a forged one.
 */
export const PEER_ADDRESS_HEADER = 'x-agentry-peer-address';

const STATE = Symbol.for('agentry.peerAddressStamp');
type StampState = { nonce: Buffer; prefix: string; installed: boolean; warned: boolean };

/** Shared by every bundle of the app in this process (Next keeps several module registries). */
function stampState(): StampState {
  const holder = globalThis as { [STATE]?: StampState };
  if (!holder[STATE]) {
    const nonce = randomBytes(16);
    holder[STATE] = { nonce, prefix: `${nonce.toString('hex')} `, installed: false, warned: false };
  }
  return holder[STATE];
}

/** True once `stampPeerAddresses` wraps the servers (hot routes must be installed before it). */
export function peerStampInstalled(): boolean {
  return stampState().installed;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** The stamped header value for `address`: what the servers write, and what tests send. */
export function peerAddressHeader(address: string): string {
  return stampState().prefix + normalizeAddress(address);
}

/** The address the stamp recorded, or undefined when the header is missing or not this process's. */
function stampedPeer(request: Request): string | undefined {
  const value = request.headers.get(PEER_ADDRESS_HEADER);
  const { nonce, prefix } = stampState();
  if (!value || value.indexOf(' ') !== prefix.length - 1) return undefined;
  const given = Buffer.from(value.slice(0, prefix.length - 1), 'hex');
  if (given.length !== nonce.length || !timingSafeEqual(given, nonce)) return undefined;
  return value.slice(prefix.length) || undefined;
}

/**
 * Makes every HTTP and HTTPS server of this process stamp each request with its socket's address
 * (`PEER_ADDRESS_HEADER`) before any handler sees it. Idempotent.
 */
export function stampPeerAddresses(): void {
  const state = stampState();
  if (state.installed) return;
  state.installed = true;
  for (const prototype of [http.Server.prototype, https.Server.prototype]) {
    const emit = prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function stampingEmit(this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const request = args[0] as http.IncomingMessage;
        request.headers[PEER_ADDRESS_HEADER] = peerAddressHeader(request.socket?.remoteAddress ?? '');
      }
      return emit.apply(this, [event, ...args]);
    } as typeof prototype.emit;
  }
}

/**
 * The address of the client that sent `request`, for per-address limits. With no trusted proxies it is
 * the address of the connection itself, whatever `X-Forwarded-For` says (a client can write anything
 * there). With `trustedProxies` = N (Agentry behind N proxies that each append to `X-Forwarded-For`),
 * it is the entry the outermost trusted proxy added: N places back from the connection's address. A
 * request without a valid stamp is 'unknown' (all such requests share one allowance).
 */
export function clientAddress(request: Request, trustedProxies: number): string {
  const peer = stampedPeer(request);
  if (!peer) return 'unknown';
  const forwardedFor = request.headers.get('x-forwarded-for');
  if (trustedProxies <= 0) {
    if (forwardedFor && isLocalAddress(peer)) warnOfProxy(peer);
    return peer;
  }
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  chain.push(peer);
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
}

/** Loopback and private IPv4/IPv6 addresses: where a reverse proxy usually connects from. */
function isLocalAddress(address: string): boolean {
  return /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|f[cd][0-9a-f]{2}:)/i.test(address);
}

/**
 * A proxy on this machine or network forwards requests but is not trusted: every client then counts
 * as the proxy. Said once, on the server's log, with the setting that fixes it.
 */
function warnOfProxy(peer: string): void {
  const state = stampState();
  if (state.warned) return;
  state.warned = true;
  logger().warn(
    { peer },
    'Requests from a local proxy (peer) carry X-Forwarded-For, but AGENTRY_TRUSTED_PROXIES is 0, so per-address limits count every client as that proxy. If a reverse proxy forwards them, set AGENTRY_TRUSTED_PROXIES to the number of proxies.',
  );
}

/**
 * The key a per-address limit counts `address` under. An IPv4 address counts alone (an IPv4-mapped IPv6
 * address, `::ffff:a.b.c.d` or `::ffff:0a0b:0c0d`, counts as that IPv4). An IPv6 address counts by its
 * /64: one subscriber or host is usually given a whole /64, so counting exact addresses would let it
 * rotate through 2^64 of them, each with a fresh allowance.
 */
export function addressLimitKey(address: string): string {
  const bare = address.replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => Number.parseInt(group, 16)) : [];
  const start = parse(head);
  const end = parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}
