import 'server-only';
import type { Runtime } from '@agentry/api';
import { type ServerModules, serverModule } from './server-modules';

/**
 * A Next route handler that opens the server's runtime and hands the request, and the route's dynamic
 * segments named by `keys` in that order, to the api handler `pick` chooses:
 * `export const POST = routeHandler((http) => http.handleAgentChat, 'id')`. The handlers come through
 * `serverModule`, so a route shares the instrumentation hook's copy of the app (see server-modules.ts).
 * Route files keep their own `runtime`/`dynamic` exports (Next reads those statically).
 */
export function routeHandler<const K extends readonly string[] = []>(
  pick: (
    http: ServerModules['http'],
  ) => (runtime: Runtime, request: Request, ...segments: { [I in keyof K]: string }) => Promise<Response>,
  ...keys: K
): (request: Request, context: { params: Promise<Record<K[number], string>> }) => Promise<Response> {
  return async (request, context) => {
    const params = keys.length > 0 ? await context.params : ({} as Record<K[number], string>);
    const segments = keys.map((key: K[number]) => params[key]) as { [I in keyof K]: string };
    const [http, { openServerRuntime }] = await Promise.all([serverModule('http'), serverModule('runtime')]);
    return pick(http)(await openServerRuntime(), request, ...segments);
  };
}
