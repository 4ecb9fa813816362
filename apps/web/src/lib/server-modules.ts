import 'server-only';

/** The app's server code, as the routes load it. */
export interface ServerModules {
  /** Opens the server's runtime (`openServerRuntime`). */
  runtime: typeof import('./runtime');
  http: typeof import('@agentry/api/http');
  trpc: typeof import('@agentry/api/trpc');
}

type Loaders = { [K in keyof ServerModules]: () => Promise<ServerModules[K]> };

// Next bundles the instrumentation hook and the routes separately, each with its own copy of
// @agentry/api, the engine and their libraries: a server that had answered one API route held both
// (207–211 MB idle in the start-up benchmark, 196–199 MB with one copy). The hook publishes its modules
// here and the routes load through them, so one copy serves both; the routes' own copy (below) is bundled
// but loaded only where the hook does not share (under `next dev`, whose hook is not reloaded on edits,
// and outside Next).
const SHARED = Symbol.for('agentry.server-modules');
const shared = globalThis as typeof globalThis & { [SHARED]?: Loaders };

const loaders: Loaders = {
  runtime: () => import('./runtime'),
  http: () => import('@agentry/api/http'),
  trpc: () => import('@agentry/api/trpc'),
};

/**
 * Called by the instrumentation hook with the modules it has already loaded: the routes use those from
 * now on, and load the rest through this bundle. Handing over the hook's own module objects, not its
 * `import()` of them, matters: Turbopack gives a dynamic import its own chunks, so `import('@agentry/api/http')`
 * in the hook's bundle loaded the 1.4 MB chunk holding the AI SDK a second time (same modules, another
 * source text kept by V8: about 3 MB of an idle server).
 */
export function shareServerModules(loaded: Partial<ServerModules>): void {
  shared[SHARED] = {
    runtime: loaded.runtime ? async () => loaded.runtime! : loaders.runtime,
    http: loaded.http ? async () => loaded.http! : loaders.http,
    trpc: loaded.trpc ? async () => loaded.trpc! : loaders.trpc,
  };
}

/** One of the app's server modules: the hook's copy when it shares it, this bundle's otherwise. */
export function serverModule<K extends keyof ServerModules>(name: K): Promise<ServerModules[K]> {
  return (shared[SHARED] ?? loaders)[name]();
}
