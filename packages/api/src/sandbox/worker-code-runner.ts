import {
  createThreadCodeRunner,
  defaultSandboxThreadScript,
  type ThreadCodeRunner,
  type ThreadCodeRunnerOptions,
} from '@agentry/engine';
import { findPackageExport, lookUp, threadExecArgv } from '../source-files';

/**
 * The Code tool's worker script. A production server loads the plain JavaScript bundle build.mjs made
 * (`packages/api/dist/code-sandbox-worker.mjs`: no tsx, about 50 MB less per thread), found from the working
 * directory because bundlers move our own files. Elsewhere (tests, the CLI, `next dev`) the worker the
 * engine exports as `@agentry/engine/sandbox-worker` (its source in the workspace, its bundle when packed);
 * run from outside the repository (the CLI in another directory), the engine's own thread entry.
 */
export function findSandboxWorkerScript(
  start = process.cwd(),
  production = process.env.NODE_ENV === 'production',
): string {
  return (
    (production ? lookUp('packages/api/dist/code-sandbox-worker.mjs', start) : undefined) ??
    findPackageExport('@agentry/engine', './sandbox-worker', start) ??
    defaultSandboxThreadScript()
  );
}

/**
 * The server's Code-tool runner: the engine's thread pool (fair per key, bounded waits, WebAssembly
 * memory bounded per run) loading the production bundle when there is one.
 */
export function createWorkerCodeRunner(options: ThreadCodeRunnerOptions = {}): ThreadCodeRunner {
  return createThreadCodeRunner({
    ...options,
    script: options.script ?? (() => findSandboxWorkerScript()),
    execArgv: options.execArgv ?? threadExecArgv,
  });
}
