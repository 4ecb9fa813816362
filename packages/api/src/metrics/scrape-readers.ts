import { sql } from '@agentry/db/drizzle';
import { queryRows } from '../knowledge/query-rows';
import type { RunQueue } from '../queue/run-queue';
import type { Runtime } from '../runtime';

/** How long a scrape waits for Redis or the database before it leaves that part out. */
export const SCRAPE_TIMEOUT_MS = 1_000;

/** The BullMQ job states `agentry_queue_jobs` reports. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Job counts of the run queue, by state. */
export type QueueJobCounts = Record<(typeof QUEUE_STATES)[number], number>;

/** Rejects when `promise` takes longer than SCRAPE_TIMEOUT_MS: a slow Redis must not hang the scrape. */
function withinTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${SCRAPE_TIMEOUT_MS} ms`)),
      SCRAPE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The run queue's job counts, read from Redis now. */
export function readQueueJobCounts(queue: RunQueue): Promise<QueueJobCounts> {
  return withinTimeout(queue.jobCounts(), 'reading the run queue');
}

/**
 * Runs waiting for a person in all workspaces. The index on runs is (workspace_id, status), so the
 * count is one index lookup per workspace (a lateral count each) rather than a scan of every run.
 */
export async function countWaitingRuns(runtime: Runtime): Promise<number> {
  const [row] = await withinTimeout(
    queryRows<{ count: number | string }>(
      runtime,
      sql`select coalesce(sum(waiting.count), 0) as count from workspaces,
        lateral (select count(*) as count from runs
          where runs.workspace_id = workspaces.id and runs.status = 'waiting') as waiting`,
    ),
    'counting waiting runs',
  );
  return Number(row?.count ?? 0);
}
