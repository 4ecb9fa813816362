import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

const API_DIR = path.resolve(import.meta.dirname, '..');

/**
 * Builds the worker-thread bundles (build.mjs), as `next build` does before a production server, into a
 * directory of this test's own (inside packages/api, so that their external packages resolve as from
 * dist/); returns the path of one bundle and a function that removes the directory.
 */
export function buildThreadBundle(name: string): { script: string; remove(): void } {
  const dir = mkdtempSync(path.join(API_DIR, '.test-dist-'));
  const built = spawnSync(process.execPath, ['build.mjs', dir], { cwd: API_DIR, encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`build.mjs failed: ${built.stderr}`);
  }
  return {
    script: path.join(dir, `${name}.mjs`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
