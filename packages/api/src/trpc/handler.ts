import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { AppError } from '../errors';
import { readBodyBytes } from '../http/read-body';
import type { Runtime } from '../runtime';
import { MAX_GRAPH_BYTES } from '../services/graph-files';
import { createTrpcContext } from './init';
import { PASSWORD_PROCEDURES } from './password-procedures';
import { appRouter } from './root';

/** Largest tRPC request body: room for a graph file at its limit sent as a JSON string (escaped). */
export const MAX_TRPC_BODY_BYTES = 2 * MAX_GRAPH_BYTES;
/** Largest body of a request to a password procedure (an email, a name and a password fit in far less). */
export const MAX_PASSWORD_BODY_BYTES = 16 * 1024;

/** The procedure paths a tRPC URL names (several, comma-separated, in a batch). */
function procedurePaths(request: Request, endpoint: string): string[] {
  const pathname = new URL(request.url).pathname;
  const start = pathname.indexOf(endpoint);
  const raw = (start >= 0 ? pathname.slice(start + endpoint.length) : pathname).replace(/^\/+|\/+$/g, '');
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // tRPC answers an undecodable path itself (404); the limit only needs a best guess.
  }
  return decoded.split(',');
}

/**
 * Reads the body under its limit before tRPC sees it: tRPC itself reads bodies whole, with no limit.
 * Returns the request to hand on (its body now in memory, within the limit), or the refusal to answer.
 */
async function capBody(
  request: Request,
  endpoint: string,
): Promise<{ request: Request; refusal?: TRPCError }> {
  if (request.method === 'GET' || request.method === 'HEAD') return { request };
  const passwords = procedurePaths(request, endpoint).some((path) => PASSWORD_PROCEDURES.includes(path));
  const limit = passwords ? MAX_PASSWORD_BODY_BYTES : MAX_TRPC_BODY_BYTES;
  const headers = new Headers(request.headers);
  headers.delete('content-length');
  try {
    const body = await readBodyBytes(request, limit);
    return {
      request: new Request(request.url, { method: request.method, headers, body, signal: request.signal }),
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // tRPC formats the refusal (thrown from the context) for every call, as the client expects.
    return {
      request: new Request(request.url, { method: request.method, headers, signal: request.signal }),
      refusal: new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: error.message, cause: error }),
    };
  }
}

/** Serves tRPC over fetch Requests at `endpoint` (the web app mounts it at /api/trpc). */
export async function handleTrpcRequest(
  runtime: Runtime,
  request: Request,
  endpoint = '/api/trpc',
): Promise<Response> {
  const capped = await capBody(request, endpoint);
  return fetchRequestHandler({
    endpoint,
    req: capped.request,
    router: appRouter,
    createContext: ({ resHeaders, info }) => {
      if (capped.refusal) throw capped.refusal;
      return createTrpcContext(runtime, capped.request, resHeaders, info);
    },
  });
}
