import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line written while a request is handled carries about that request. */
export interface RequestContext {
  /** The client's well-formed `x-request-id`, or one made here; also sent back in the answer's header. */
  requestId: string;
}

/** The header a request id comes in and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id a client may choose: bounded, and only characters that are safe in any log or header. */
const WELL_FORMED_ID = /^[\w.:+=/-]{1,128}$/;

const STORAGE = Symbol.for('agentry.logging.requestContext');

/**
 * One store per process, kept on globalThis: Next compiles this package more than once (the
 * instrumentation hook and the routes), and a line logged by a route's copy must see the context the
 * hook's copy set for the request.
 */
function storage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as { [STORAGE]?: AsyncLocalStorage<RequestContext> };
  holder[STORAGE] ??= new AsyncLocalStorage<RequestContext>();
  return holder[STORAGE];
}

/** The context of the request being handled, or undefined outside one (start-up, timers, workers). */
export function currentRequestContext(): RequestContext | undefined {
  return storage().getStore();
}

/** Runs `fn` (and everything it starts, across awaits) with `context` as the current request context. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The incoming `x-request-id` when it is well formed (one value, bounded, safe characters), else a new id. */
export function requestIdFor(incoming: string | string[] | undefined): string {
  if (typeof incoming === 'string' && WELL_FORMED_ID.test(incoming)) return incoming;
  return randomUUID();
}
