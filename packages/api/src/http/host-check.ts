import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * Refusing unknown Host names defeats DNS rebinding: a page on `evil.example` re-points its own name at
 * 127.0.0.1 and then talks to a local Agentry as if same-origin. Its requests still carry
 * `Host: evil.example`, so a server that answers only to names it knows never serves them. Local names and
 * IP literals are always accepted: rebinding needs a DNS name the attacker controls.
 */
const STATE = Symbol.for('agentry.hostCheck');
type HostCheckState = { allowed: readonly string[]; installed: boolean };

function hostCheckState(): HostCheckState {
  const holder = globalThis as { [STATE]?: HostCheckState };
  holder[STATE] ??= { allowed: [], installed: false };
  return holder[STATE];
}

/** True once `refuseUnknownHosts` wraps the servers (hot routes must be installed before it). */
export function hostCheckInstalled(): boolean {
  return hostCheckState().installed;
}

/** `agentry.example.com`, `*.example.com`, or a URL whose host is meant (`https://agentry.example.com`). */
function normalizeEntry(entry: string): string {
  const text = entry.trim().toLowerCase();
  if (!text.includes('://')) return text.replace(/:\d+$/, '').replace(/\.$/, '');
  try {
    return new URL(text).hostname.replace(/\.$/, '');
  } catch {
    return text;
  }
}

/** The host name of a Host header (no port, no brackets, no trailing dot), or undefined when malformed. */
function hostNameOf(header: string): string | undefined {
  if (!header || header.length > 300 || /[\s/\\?#@]/.test(header)) return undefined;
  try {
    const name = new URL(`http://${header}`).hostname.toLowerCase();
    return name.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/**
 * True when a request's `Host` names this server: `localhost` or a `*.localhost` name, an IP literal, or
 * one of `publicHosts` (exact, or `*.example.com` for its subdomains). A request without a Host header
 * (HTTP/1.0; browsers always send one) is accepted.
 */
export function isAllowedHost(header: string | undefined, publicHosts: readonly string[]): boolean {
  if (header === undefined) return true;
  const name = hostNameOf(header);
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  for (const raw of publicHosts) {
    const entry = normalizeEntry(raw);
    if (entry === name) return true;
    if (entry.startsWith('*.') && name.endsWith(entry.slice(1))) return true;
  }
  return false;
}

/** The text a refused request gets: which name was refused, and the setting that allows it. */
export function hostRefusalMessage(header: string): string {
  const shown = header.replace(/[^\x21-\x7e]/g, '?').slice(0, 100);
  return `This Agentry server does not answer to the host name "${shown}". If that is its address, add the name to AGENTRY_PUBLIC_HOSTS (comma-separated). Local names and IP addresses are always accepted.\n`;
}

function refuseRequest(response: http.ServerResponse, header: string): void {
  response.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  response.end(hostRefusalMessage(header));
}

function refuseUpgrade(socket: Duplex, header: string): void {
  const body = hostRefusalMessage(header);
  socket.end(
    `HTTP/1.1 421 Misdirected Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Makes every HTTP and HTTPS server of this process refuse, with 421 and a short text naming the
 * setting, requests (and WebSocket upgrades) whose Host is not allowed (`isAllowedHost`), before any
 * handler sees them. Calling it again replaces the list of public hosts.
 */
export function refuseUnknownHosts(publicHosts: readonly string[]): void {
  const state = hostCheckState();
  state.allowed = [...publicHosts];
  if (state.installed) return;
  state.installed = true;
  for (const prototype of [http.Server.prototype, https.Server.prototype]) {
    const emit = prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function hostCheckingEmit(this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request' || event === 'checkContinue' || event === 'upgrade') {
        const request = args[0] as http.IncomingMessage;
        const host = request.headers.host;
        if (!isAllowedHost(host, hostCheckState().allowed)) {
          if (event === 'upgrade') refuseUpgrade(args[1] as Duplex, host ?? '');
          else refuseRequest(args[1] as http.ServerResponse, host ?? '');
          return true;
        }
      }
      return emit.apply(this, [event, ...args]);
    } as typeof prototype.emit;
  }
}
