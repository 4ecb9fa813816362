import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  type AddressGuardOptions,
  isAllowedHost,
  type ResolvedAddress,
  resolveAllowedAddress,
} from './address-guard';
import {
  HttpRequestError,
  RequestTimeoutError,
  RequestTooLargeError,
  TooManyRedirectsError,
} from './http-request-errors';
import { pinnedLookup } from './pinned-lookup';

/** What to send: like `fetch`'s init, limited to text bodies. */
export interface SafeFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Limits and the network policy of one `safeFetch` call. */
export interface SafeFetchOptions extends AddressGuardOptions {
  /** Default 1 MiB. */
  maxRequestBytes?: number;
  /** Default 1 MiB; a longer body is cut there and the result says `truncated: true`. */
  maxResponseBytes?: number;
  /** For the whole call, redirects and body included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * When set, every hop (the first URL and each redirect) must be one of these hosts (exact, or
   * "*.example.com"); checked before connecting, so a redirect never reaches a host off the list.
   */
  restrictToHosts?: readonly string[];
  /**
   * When set, credential headers (Authorization, Cookie, Proxy-Authorization) may only go to these
   * hosts: the first URL must be one of them, and a redirect elsewhere loses them.
   */
  credentialHosts?: readonly string[];
  signal?: AbortSignal;
}

/** The final response, after redirects. */
export interface SafeFetchResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
  /** True when the body was cut at `maxResponseBytes`. */
  truncated?: boolean;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DROPPED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'accept-encoding',
  'keep-alive',
  'upgrade',
]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key'];

/**
 * An HTTP(S) request for agent tools that cannot reach private networks: every hop (redirects are
 * followed by hand) is resolved, every resolved address is checked by the address guard, and the
 * socket connects to the checked address, so DNS rebinding cannot swap it. Credentials are dropped on
 * cross-origin redirects. A response body over `maxResponseBytes` is truncated (not an error), because a
 * model can still use the first part of a long page; `truncated: true` says so.
 */
export async function safeFetch(
  url: string,
  init: SafeFetchInit = {},
  options: SafeFetchOptions = {},
): Promise<SafeFetchResponse> {
  const maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
  const bodySize = init.body === undefined ? 0 : Buffer.byteLength(init.body);
  if (bodySize > maxRequestBytes) throw new RequestTooLargeError(bodySize, maxRequestBytes);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new RequestTimeoutError(timeoutMs)), timeoutMs);
  const onAbort = () => controller.abort(new HttpRequestError('aborted', 'The request was cancelled.'));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await followRedirects(parseUrl(url), init, options, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function followRedirects(
  start: URL,
  init: SafeFetchInit,
  options: SafeFetchOptions,
  signal: AbortSignal,
): Promise<SafeFetchResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  let url = start;
  let method = checkMethod(init.method ?? 'GET');
  let body = init.body;
  let headers = cleanHeaders(init.headers ?? {});
  for (let hop = 0; ; hop++) {
    if (options.restrictToHosts !== undefined && !isAllowedHost(url.hostname, options.restrictToHosts)) {
      throw new HttpRequestError(
        'host_not_allowed',
        `This request may only go to ${options.restrictToHosts.join(', ')}; ${url.hostname} is not on the list.`,
      );
    }
    if (options.credentialHosts !== undefined && !isAllowedHost(url.hostname, options.credentialHosts)) {
      if (hop === 0) {
        throw new HttpRequestError(
          'host_not_allowed',
          `This request's credential may only be sent to ${options.credentialHosts.join(', ') || 'no host'}; ${url.hostname} is not on its list.`,
        );
      }
      headers = withoutCredentials(headers);
    }
    const address = await abortable(resolveAllowedAddress(url.hostname, options), signal);
    const response = await send(url, method, headers, body, address, signal);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) {
      return { ...(await readBody(response, options.maxResponseBytes ?? 1024 * 1024)), url: url.toString() };
    }
    response.destroy();
    if (hop >= maxRedirects) throw new TooManyRedirectsError(maxRedirects);
    const next = parseUrl(location, url);
    const status = response.statusCode;
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-type'));
    }
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    url = next;
  }
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  address: ResolvedAddress,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing: Record<string, string> = { ...headers, 'accept-encoding': 'identity' };
  if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    let client: ReturnType<typeof request>;
    try {
      client = request(url, {
        method,
        headers: outgoing,
        agent: false,
        lookup: pinnedLookup(address),
        signal,
      });
    } catch (error) {
      reject(
        new HttpRequestError('invalid_request', `The request is invalid: ${(error as Error).message}`, {
          cause: error,
        }),
      );
      return;
    }
    client.once('response', resolve);
    client.once('error', (error) => reject(networkError(url, error)));
    client.end(body);
  });
}

async function readBody(response: IncomingMessage, limit: number): Promise<Omit<SafeFetchResponse, 'url'>> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      if (size + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - size));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    throw networkError(undefined, error);
  } finally {
    response.destroy();
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const result = { status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') };
  return truncated ? { ...result, truncated } : result;
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new HttpRequestError('invalid_url', `"${text}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpRequestError(
      'unsupported_protocol',
      `Only http:// and https:// URLs are allowed, not ${url.protocol}//.`,
    );
  }
  if (url.username || url.password) {
    throw new HttpRequestError(
      'invalid_url',
      'URLs with a user name or password are not allowed; send credentials in a header.',
    );
  }
  return url;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)));
}

function checkMethod(method: string): string {
  const upper = method.toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(upper) || upper === 'CONNECT' || upper === 'TRACE') {
    throw new HttpRequestError('invalid_request', `The HTTP method "${method}" is not allowed.`);
  }
  return upper;
}

function cleanHeaders(headers: Record<string, string>): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!DROPPED_HEADERS.has(lower)) clean[lower] = value;
  }
  return clean;
}

function networkError(url: URL | undefined, error: unknown): HttpRequestError {
  if (error instanceof HttpRequestError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const where = url ? ` to ${url.host}` : '';
  return new HttpRequestError('network', `The connection${where} failed: ${detail}`, { cause: error });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
