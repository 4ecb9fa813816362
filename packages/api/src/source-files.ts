import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds a file of the repository (given relative to its root) from the working directory upwards.
 * Worker threads load their scripts from source: bundlers move our own files, but not the tree.
 */
export function findSourceFile(relative: string, start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${relative} from ${start}.`);
    dir = parent;
  }
}
