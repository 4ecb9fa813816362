import 'server-only';
import type { Runtime } from '@agentry/api';
import { openServerRuntime } from './runtime';

/**
 * A Next route handler that opens the server's runtime and hands the request, and the route's dynamic
 * segments named by `keys` in that order, to an api handler: `export const POST = routeHandler(handleAgentChat, 'id')`.
 * Route files keep their own `runtime`/`dynamic` exports (Next reads those statically).
 */
export function routeHandler<const K extends readonly string[] = []>(
  handler: (runtime: Runtime, request: Request, ...segments: { [I in keyof K]: string }) => Promise<Response>,
  ...keys: K
): (request: Request, context: { params: Promise<Record<K[number], string>> }) => Promise<Response> {
  return async (request, context) => {
    const params = keys.length > 0 ? await context.params : ({} as Record<K[number], string>);
    const segments = keys.map((key: K[number]) => params[key]) as { [I in keyof K]: string };
    return handler(await openServerRuntime(), request, ...segments);
  };
}
