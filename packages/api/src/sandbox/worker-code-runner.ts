import {
  createThreadCodeRunner,
  defaultSandboxThreadScript,
  type ThreadCodeRunner,
  type ThreadCodeRunnerOptions,
} from '@agentry/engine';
import { findThreadScript, threadExecArgv } from '../source-files';

/**
 * The engine's sandbox worker script, found from the working directory (bundlers move our own files):
 * in production the bundle build.mjs made, elsewhere the TypeScript source (see findThreadScript). Run
 * from outside the repository (the CLI in another directory), the engine's own thread entry.
 */
export function findSandboxWorkerScript(start = process.cwd()): string {
  try {
    return findThreadScript(
      'packages/engine/src/tools/code-sandbox-worker.ts',
      'packages/api/dist/code-sandbox-worker.mjs',
      { start },
    );
  } catch {
    return defaultSandboxThreadScript();
  }
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
