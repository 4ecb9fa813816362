import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findMigrationsFolder } from '@agentry/db';

/** The migration that created the rollups and fills them from the runs recorded before it. */
const MIGRATION = '0006_usage.sql';
const MARKER = '-- usage-backfill:';

/**
 * The migration's backfill statement (rollups from `runs` and `run_steps`), read from the migration itself
 * so the benchmark and the tests run exactly what an upgrade ran.
 */
export function usageBackfillSql(folder = findMigrationsFolder()): string {
  const text = readFileSync(path.join(folder, MIGRATION), 'utf8');
  const start = text.indexOf(MARKER);
  if (start < 0) throw new Error(`${MIGRATION} has no "${MARKER}" section.`);
  return text.slice(start).trim();
}
