import http from 'node:http';
import https from 'node:https';
import { startRequestSpan } from '../telemetry/request-span';
import { peerStampInstalled } from './client-address';
import { hostCheckInstalled } from './host-check';
import { logger } from '../logging/process-logger';
import { REQUEST_ID_HEADER, requestIdFor, runWithRequestContext } from '../logging/request-context';

/**
 * A route served before Next's router: the streamed chat routes, where Next's per-request work (route
 * resolution, its request and response wrappers, piping a Web stream into the socket) was a measured
 * fifth of the server's CPU per chat (ARCHITECTURE.md, "The streaming path"). Only POST is taken; the
 * route's handler is the same function the Next route file calls, so auth, limits and records are the
 * same. Anything else (OPTIONS preflights, other methods, a path with a trailing slash) goes to Next.
 */
export interface HotRoute {
  /** Matches the path (no query); its groups are the route's parameters, percent-decoded. */
  path: RegExp;
  /** The route's template (`/api/v1/agents/[id]/chat`): its request span's name when tracing is on. */
  route?: string;
  handle(request: Request, params: string[]): Promise<Response>;
}

const STATE = Symbol.for('agentry.hotRoutes');
type HotRouteState = { routes: readonly HotRoute[]; headers: Record<string, string>; installed: boolean };

function hotRouteState(): HotRouteState {
  const holder = globalThis as { [STATE]?: HotRouteState };
  holder[STATE] ??= { routes: [], headers: {}, installed: false };
  return holder[STATE];
}

/**
 * Serves `routes` on every HTTP and HTTPS server of this process before Next sees the request, adding
 * `headers` (the app's security headers, which Next adds from next.config) to every answer. Must be
 * installed before `refuseUnknownHosts` and `stampPeerAddresses`: each wraps the servers' `emit`, so
 * the ones installed later run first, and a hot route must see only checked, stamped requests.
 */
export function serveHotRoutes(routes: readonly HotRoute[], headers: Record<string, string>): void {
  const state = hotRouteState();
  state.routes = routes;
  state.headers = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  if (state.installed) return;
  if (hostCheckInstalled() || peerStampInstalled())
    throw new Error(
      'serveHotRoutes must be installed before refuseUnknownHosts and stampPeerAddresses, so that those run first.',
    );
  state.installed = true;
  for (const prototype of [http.Server.prototype, https.Server.prototype]) {
    const emit = prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function hotRoutesEmit(this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event !== 'request') return emit.apply(this, [event, ...args]);
      const request = args[0] as http.IncomingMessage;
      const response = args[1] as http.ServerResponse;
      // Every request, hot or Next's, gets its id here: in the answer's header and on each line logged
      // while it is handled (the context follows everything the handler starts, across awaits).
      const requestId = requestIdFor(request.headers[REQUEST_ID_HEADER]);
      response.setHeader(REQUEST_ID_HEADER, requestId);
      return runWithRequestContext({ requestId }, () =>
        dispatch(request, response) ? true : emit.apply(this, [event, ...args]),
      );
    } as typeof prototype.emit;
  }
}

/** Starts serving the request when a hot route matches it; false leaves it to Next. */
function dispatch(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  if (request.method !== 'POST') return false;
  const url = request.url ?? '';
  const query = url.indexOf('?');
  const pathname = query === -1 ? url : url.slice(0, query);
  for (const route of hotRouteState().routes) {
    const match = route.path.exec(pathname);
    if (!match) continue;
    let params: string[];
    try {
      params = match.slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return false; // A malformed escape: Next answers it as it always did.
    }
    serve(route, params, request, response).catch((error: unknown) => {
      // Nothing may escape as an unhandled rejection (it would stop the process): cut this answer only.
      logger().error(
        { err: error, path: pathname },
        'A hot route failed before answering; the connection was cut',
      );
      response.destroy();
    });
    return true;
  }
  return false;
}

async function serve(
  route: HotRoute,
  params: string[],
  incoming: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  // As in Next: the request's signal aborts when the client goes away before the answer is complete.
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  // With tracing on, the request gets a span (the run's parent); off, this is one property read.
  const span = startRequestSpan(incoming, route.route);
  let answer: Response;
  try {
    const request = toWebRequest(incoming, controller.signal);
    answer = await (span ? span.run(() => route.handle(request, params)) : route.handle(request, params));
  } catch (error) {
    logger().error({ err: error, path: pathOf(incoming.url) }, 'A chat route failed; answered 500');
    answer = Response.json(
      { error: { code: 'internal', message: 'The server failed to answer this request.' } },
      { status: 500 },
    );
  }
  if (!span) return writeAnswer(answer, response, hotRouteState().headers, controller.signal);
  try {
    await writeAnswer(answer, response, hotRouteState().headers, controller.signal);
    span.end(answer.status);
  } catch (error) {
    span.end(answer.status, error);
    throw error;
  }
}

/** The path of a request URL, without its query (which may carry tokens). */
function pathOf(url: string | undefined): string {
  const path = url ?? '';
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}

/** The Node request as a Web `Request`: its parsed headers (stamped), its body as a stream read on demand. */
function toWebRequest(incoming: http.IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const name in incoming.headers) {
    const value = incoming.headers[name];
    if (typeof value === 'string') headers.set(name, value);
    else if (value) for (const each of value) headers.append(name, each);
  }
  return new Request(`http://${incoming.headers.host ?? 'localhost'}${incoming.url ?? '/'}`, {
    method: incoming.method,
    headers,
    body: requestBody(incoming),
    signal,
    duplex: 'half',
  } as RequestInit);
}

/**
 * The request body as a Web stream that pauses the socket when 64 KB wait unread: a handler that stops
 * reading at its size limit (`readBodyBytes`) never makes the server hold a large upload.
 */
function requestBody(incoming: http.IncomingMessage): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        incoming.on('data', (chunk: Buffer) => {
          if (finished) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
        });
        incoming.once('end', () => {
          if (finished) return;
          finished = true;
          controller.close();
        });
        incoming.once('close', () => {
          if (finished) return;
          finished = true;
          controller.error(new Error('The client closed the connection before the request body ended.'));
        });
      },
      pull() {
        incoming.resume();
      },
      cancel() {
        // The rest is read and dropped (Node would do so too once the answer ends).
        finished = true;
        incoming.resume();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
}

/**
 * Writes `answer` to the socket. Chunks written in the same turn of the event loop (a model's tokens
 * come in batches) leave in one write without help: Node corks the socket at a response's first write
 * of a turn and uncorks it on the next tick. (Corking the response itself is worse: its uncork sends
 * the chunk's size line, the data and the line end as separate writes.)
 */
async function writeAnswer(
  answer: Response,
  response: http.ServerResponse,
  securityHeaders: Record<string, string>,
  signal: AbortSignal,
): Promise<void> {
  const headers: Record<string, string | string[]> = { ...securityHeaders };
  for (const [name, value] of answer.headers) if (name !== 'set-cookie') headers[name] = value;
  const cookies = answer.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (response.destroyed) {
    await answer.body?.cancel().catch(() => undefined);
    return;
  }
  response.writeHead(answer.status, headers);
  if (!answer.body) {
    response.end();
    return;
  }
  const reader = answer.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || response.destroyed) break;
      if (!response.write(value)) await drained(response);
    }
    if (!response.destroyed) response.end();
  } catch (error) {
    // The answer's stream failed after its head was sent: all that is left is to cut the connection.
    logger().error({ err: error }, 'A streamed answer failed after it began; the connection was cut');
    response.destroy();
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** Resolves when the socket takes more, or is gone. */
function drained(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
