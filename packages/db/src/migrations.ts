import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseError } from './errors';

/**
 * Finds the committed migrations folder. Bundlers move this file, so instead of relying on its own
 * location we look from the working directory up for the repository's `packages/db/drizzle`.
 */
export function findMigrationsFolder(start = process.cwd()): string {
  const override = process.env.AGENTRY_MIGRATIONS_DIR;
  if (override) return path.resolve(override);
  let dir = path.resolve(start);
  for (;;) {
    for (const candidate of [path.join(dir, 'packages', 'db', 'drizzle'), path.join(dir, 'drizzle')]) {
      if (existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new DatabaseError(
    'migrations_missing',
    `Cannot find the database migrations (packages/db/drizzle) from ${start}. Run Agentry from its folder or set AGENTRY_MIGRATIONS_DIR.`,
  );
}
