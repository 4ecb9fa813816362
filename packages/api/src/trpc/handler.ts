import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Runtime } from '../runtime';
import { createTrpcContext } from './init';
import { appRouter } from './root';

/** Serves tRPC over fetch Requests at `endpoint` (the web app mounts it at /api/trpc). */
export function handleTrpcRequest(
  runtime: Runtime,
  request: Request,
  endpoint = '/api/trpc',
): Promise<Response> {
  return fetchRequestHandler({
    endpoint,
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) => createTrpcContext(runtime, request, resHeaders),
  });
}
