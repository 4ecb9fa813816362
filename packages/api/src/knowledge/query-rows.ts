import type { SQL } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';

/** Runs raw SQL and returns its rows (both drivers answer `{ rows }`). */
export async function queryRows<Row>(runtime: Runtime, query: SQL): Promise<Row[]> {
  const result = (await runtime.db.execute(query)) as { rows?: Row[] };
  return result.rows ?? [];
}
