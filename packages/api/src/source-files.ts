import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds a file of the repository (given relative to its root) from the working directory upwards.
 * Worker threads load their scripts from source: bundlers move our own files, but not the tree.
 */
export function findSourceFile(relative: string, start = process.cwd()): string {
  const found = lookUp(relative, start);
  if (!found) throw new Error(`Cannot find ${relative} from ${start}.`);
  return found;
}

function lookUp(relative: string, start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * A worker thread's script. A production server uses the plain JavaScript bundle its build made
 * (`packages/api/dist/<name>.mjs`, see build.mjs): loading TypeScript source through tsx costs a thread
 * about 50 MB. Elsewhere (tests, the CLI, `next dev`) the source is loaded, so a change needs no rebuild.
 */
export function findThreadScript(
  source: string,
  bundle: string,
  { production = process.env.NODE_ENV === 'production', start = process.cwd() } = {},
): string {
  return (production && lookUp(bundle, start)) || findSourceFile(source, start);
}

/** How a worker runs `script`: TypeScript source needs tsx's loader, a bundle needs nothing. */
export const threadExecArgv = (script: string): string[] =>
  script.endsWith('.ts') ? ['--import', 'tsx'] : [];
