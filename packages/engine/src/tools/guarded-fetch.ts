import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { AddressBlockedError, type AddressGuardOptions, resolveAllowedAddress } from './address-guard';
import { eventStreamTaker } from './event-stream-takers';
import { pinnedLookup } from './pinned-lookup';

/** A model, embedding or credential-test request was refused: its host is private, local or reserved. */
export class OutboundAddressError extends Error {
  override readonly name = 'OutboundAddressError';
  readonly code = 'address_blocked';

  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    // Names the host the caller gave and the kind of address, never what a name resolved to: an editor
    // must not learn internal DNS answers from an error.
    super(
      `Refused to connect to ${host}: it is or resolves to a ${reason} address. A server admin can allow this host in AGENTRY_ALLOW_PRIVATE_HOSTS.`,
    );
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const MAX_REDIRECTS = 5;
/** Headers that carry a provider key; dropped when a redirect leaves the origin. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'x-api-key',
  'x-goog-api-key',
  'api-key',
];
const DROPPED_HEADERS = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'];

/**
 * A `fetch` for the AI SDK providers (their `fetch` option) that cannot reach private networks: each
 * hop is resolved, every address checked by the address guard, and the socket connects to the checked
 * address (no second DNS answer can swap in a private one). Loopback, private, link-local and metadata
 * addresses are refused unless the host is in `allowHosts`. The response body streams as it arrives.
 * Keep-alive sockets are pooled per returned function, so one policy never reuses another's sockets.
 */
export function createGuardedFetch(options: AddressGuardOptions = {}): typeof globalThis.fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  const guardedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const signal = request.signal;
    const take = eventStreamTaker(init?.signal);
    let url = new URL(request.url);
    let method = request.method;
    let body: Buffer | undefined =
      request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    let headers: Record<string, string> = {};
    for (const [name, value] of request.headers) {
      if (!DROPPED_HEADERS.includes(name)) headers[name] = value;
    }
    // Node's client does not decompress; ask for the body as it is.
    headers['accept-encoding'] = 'identity';
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new TypeError('fetch failed', { cause: new Error(`Unsupported protocol ${url.protocol}`) });
      }
      const address = await checkedAddress(url.hostname, options);
      signal.throwIfAborted();
      const response = await send(url, method, headers, body, address, agents, signal);
      const location = response.headers.location;
      const status = response.statusCode ?? 0;
      if (!REDIRECT_STATUSES.has(status) || location === undefined || request.redirect === 'manual') {
        // A Request's signal follows the caller's (or the given Request's) only through a weak reference:
        // both stay reachable while the answer streams. Once they were collected, aborting the caller's
        // signal no longer reached the connection, and the provider went on generating.
        response.once('close', () => [input, request]);
        return toResponse(response, url, method, take);
      }
      response.resume();
      if (request.redirect === 'error' || hop >= MAX_REDIRECTS) {
        throw new TypeError('fetch failed', { cause: new Error(`Too many redirects from ${url.host}`) });
      }
      const next = new URL(location, url);
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) {
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)),
        );
      }
      url = next;
    }
  };
  return guardedFetch as typeof globalThis.fetch;
}

async function checkedAddress(hostname: string, options: AddressGuardOptions) {
  try {
    return await resolveAllowedAddress(hostname, options);
  } catch (error) {
    if (error instanceof AddressBlockedError) throw new OutboundAddressError(error.hostname, error.reason);
    // DNS failures look like fetch's own, so the providers' error handling reads them as network errors.
    throw new TypeError('fetch failed', { cause: error });
  }
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  address: Awaited<ReturnType<typeof resolveAllowedAddress>>,
  agents: { 'http:': HttpAgent; 'https:': HttpsAgent },
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const https = url.protocol === 'https:';
  const outgoing = { ...headers };
  if (body !== undefined) outgoing['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const client = (https ? httpsRequest : httpRequest)(url, {
      method,
      headers: outgoing,
      agent: https ? agents['https:'] : agents['http:'],
      lookup: pinnedLookup(address),
      signal,
    });
    client.once('response', resolve);
    client.once('error', (error) => {
      reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    });
    client.end(body);
  });
}

function toResponse(
  message: IncomingMessage,
  url: URL,
  method: string,
  take?: (body: IncomingMessage) => void,
): Response {
  const headers = new Headers();
  for (let index = 0; index + 1 < message.rawHeaders.length; index += 2) {
    headers.append(message.rawHeaders[index]!, message.rawHeaders[index + 1]!);
  }
  const status = message.statusCode ?? 502;
  const empty = NULL_BODY_STATUSES.has(status) || method === 'HEAD';
  if (empty) message.resume();
  const taken =
    take !== undefined &&
    !empty &&
    status >= 200 &&
    status < 300 &&
    (message.headers['content-type'] ?? '').toLowerCase().startsWith('text/event-stream');
  if (taken) take(message);
  const body = empty ? null : taken ? '' : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
  const response = new Response(body, { status, statusText: message.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: url.toString() });
  return response;
}
