import { existsSync, readFileSync, realpathSync } from 'node:fs';
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

/** The first `relative` (a path from a directory) found from `start` upwards, if any. */
export function lookUp(relative: string, start: string): string | undefined {
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

/**
 * The file a package exports under `subpath` (its package.json `exports`), for the package installed in
 * node_modules from `start` upwards. Read from disk, not through a resolver: bundlers rewrite resolvers
 * and `import.meta.url`, not the tree. The workspace package exports its source, a packed one its dist.
 */
export function findPackageExport(name: string, subpath: string, start = process.cwd()): string | undefined {
  const manifest = lookUp(path.join('node_modules', name, 'package.json'), start);
  if (!manifest) return undefined;
  const exports = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, unknown> })
    .exports;
  const target = exportTarget(exports?.[subpath]);
  if (!target) return undefined;
  const file = path.resolve(path.dirname(manifest), target);
  return existsSync(file) ? realpathSync(file) : undefined;
}

/** An export's file: a plain path, or the `import` / `default` condition. */
function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const conditions = entry as Record<string, unknown>;
    return exportTarget(conditions.import ?? conditions.default);
  }
  return undefined;
}
