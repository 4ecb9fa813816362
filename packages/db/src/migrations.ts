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

/**
 * The advisory lock key that serialises migrations on one PostgreSQL database (any constant works, as
 * long as every Agentry process uses the same one; it is unrelated to the owner sign-up's 727001).
 */
export const MIGRATION_LOCK_KEY = 727_002;

/** A connection that can run SQL and be handed back: a pg pool client. */
export interface LockableConnection {
  query(sql: string, values?: unknown[]): Promise<unknown>;
  release(): void;
}

/**
 * Runs `work` (applying migrations, creating extensions) while holding a session advisory lock on its
 * own connection, so processes started together on an empty database apply the migrations once: the
 * first takes the lock and migrates, the others wait for it and then find nothing left to do. Without
 * it, two servers raced on `create table` and one exited.
 */
export async function withMigrationLock<T>(
  connect: () => Promise<LockableConnection>,
  work: () => Promise<T>,
): Promise<T> {
  const connection = await connect();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    }
  } finally {
    // A lost connection takes its session locks with it; a broken one is released as such.
    connection.release();
  }
}
