import { triggers } from '@agentry/db';
import { and, asc, eq, isNull, lte, or, sql } from '@agentry/db/drizzle';
import { CronExpressionParser } from 'cron-parser';
import type { Runtime } from '../runtime';
import { type ScheduleConfig, scheduleConfigSchema } from './trigger-config';
import { logger } from '../logging/process-logger';

/** A trigger's row. */
export type TriggerRow = typeof triggers.$inferSelect;

/** Starts one run of a trigger: services/triggers.ts's `startTriggeredRun` (checks enabled and limits). */
export type StartTriggeredRun = (runtime: Runtime, trigger: TriggerRow, input: string) => Promise<unknown>;

/** How often the one-process scheduler looks for due schedules. */
export const SCHEDULER_POLL_MS = 1_000;
/** Schedules handled per pass; the rest are due at the next one, so a backlog cannot flood the process. */
const BATCH = 50;

/** The one place the scheduler starts runs (loaded on first use: services/triggers.ts imports this file). */
async function startTriggeredRunOf(runtime: Runtime, trigger: TriggerRow, input: string): Promise<unknown> {
  const { startTriggeredRun } = await import('./triggers');
  return startTriggeredRun(runtime, trigger, input);
}

/** The first time `config` fires strictly after `from`. */
export function nextFire(config: Pick<ScheduleConfig, 'cron' | 'timezone'>, from: Date): Date {
  return CronExpressionParser.parse(config.cron, { tz: config.timezone, currentDate: from }).next().toDate();
}

/** The last time `config` fired at or before `at`. */
export function previousFire(config: Pick<ScheduleConfig, 'cron' | 'timezone'>, at: Date): Date {
  const after = new Date(at.getTime() + 1);
  return CronExpressionParser.parse(config.cron, { tz: config.timezone, currentDate: after }).prev().toDate();
}

/** What to do with a tick that was due at `dueAt`, seen at `now`. */
export interface TickPlan {
  /** Start a run now. */
  run: boolean;
  /** The tick after `dueAt` has passed too: the server was down (or busy) for more than one period. */
  missed: boolean;
  /** When the schedule fires next (always after `now`). */
  nextRunAt: Date;
}

/**
 * Decides a due tick: on time (the following tick is still ahead) it runs and the schedule moves to the
 * following tick; missed, `run_once` runs one now for all the missed ticks and `skip` runs none, and
 * both move on to the first tick after `now`.
 */
export function planTick(config: ScheduleConfig, dueAt: Date, now: Date): TickPlan {
  const following = nextFire(config, dueAt);
  const missed = following.getTime() <= now.getTime();
  return {
    run: !missed || config.missed === 'run_once',
    missed,
    nextRunAt: missed ? nextFire(config, now) : following,
  };
}

/** A schedule trigger's settings, or undefined (logged) when its stored config no longer parses. */
export function scheduleConfigOf(trigger: TriggerRow): ScheduleConfig | undefined {
  const parsed = scheduleConfigSchema.safeParse(trigger.config);
  if (parsed.success) return parsed.data;
  logger().error(
    { triggerId: trigger.id },
    'A schedule trigger has settings that do not parse; it is not scheduled until they are saved again',
  );
  return undefined;
}

/** Options of a scheduler pass; tests pass a clock and their own starter. */
export interface SchedulerPassOptions {
  now?: Date;
  start?: StartTriggeredRun;
}

/**
 * One pass of the one-process scheduler: every enabled schedule whose `next_run_at` has come is claimed
 * with one conditional UPDATE (next_run_at must still hold the value read), so of several processes on
 * one database exactly one moves it on and starts the run. Schedules without a next run (just enabled
 * by hand, or moved from queue mode) get one. Returns the ids of the triggers whose runs it started.
 */
export async function runDueSchedules(
  runtime: Runtime,
  options: SchedulerPassOptions = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const start = options.start ?? startTriggeredRunOf;
  const due = await runtime.db
    .select()
    .from(triggers)
    .where(
      and(
        eq(triggers.kind, 'schedule'),
        eq(triggers.enabled, true),
        or(isNull(triggers.nextRunAt), lte(triggers.nextRunAt, now)),
      ),
    )
    .orderBy(asc(triggers.nextRunAt))
    .limit(BATCH);
  const started: string[] = [];
  for (const trigger of due) {
    const config = scheduleConfigOf(trigger);
    const dueAt = trigger.nextRunAt;
    const plan = config && dueAt ? planTick(config, dueAt, now) : undefined;
    const nextRunAt = plan?.nextRunAt ?? (config ? nextFire(config, now) : null);
    const [claimed] = await runtime.db
      .update(triggers)
      .set({
        nextRunAt,
        ...(plan?.run ? { lastRunAt: now } : {}),
        // A tick is not an edit: updated_at keeps the time of the last change by a person.
        updatedAt: sql`${triggers.updatedAt}`,
      })
      .where(
        and(
          eq(triggers.id, trigger.id),
          eq(triggers.enabled, true),
          // Compared at the millisecond a JavaScript Date carries, whoever wrote the column.
          dueAt
            ? sql`date_trunc('milliseconds', ${triggers.nextRunAt}) = ${dueAt.toISOString()}::timestamptz`
            : isNull(triggers.nextRunAt),
        ),
      )
      .returning();
    // Another process claimed it first, or it was paused or deleted meanwhile.
    if (!claimed || !plan?.run || !config) continue;
    try {
      await start(runtime, claimed, config.input);
      started.push(claimed.id);
    } catch (error) {
      // Over its limits, agent not published…: this tick is lost, the next one is already set.
      runtime.logger.warn(
        { err: error, triggerId: claimed.id },
        'A schedule trigger could not start its run; this tick is skipped',
      );
    }
  }
  return started;
}

/** The running scheduler of this process. */
export interface TriggerScheduler {
  /** Which way schedules fire: a loop over the database here, or BullMQ's job schedulers (queue mode). */
  mode: 'one-process' | 'queue';
  stop(): Promise<void>;
}

/** Whether this runtime is in queue mode: runs (and schedule ticks) go through BullMQ on Redis. */
export function inQueueMode(runtime: Runtime): boolean {
  return Boolean(runtime.config.redisUrl && runtime.runQueue);
}

/**
 * Starts firing schedule triggers from this process. In one process (no REDIS_URL) a loop polls the
 * database every `pollMs` (the claim keeps several servers on one PostgreSQL from starting a tick twice).
 * In queue mode BullMQ's job schedulers fire the ticks and `agentry worker` starts the runs; a web
 * server only makes Redis's schedulers match the database (and makes up for ticks missed while they
 * were gone).
 */
export async function startTriggerScheduler(
  runtime: Runtime,
  options: { pollMs?: number; start?: StartTriggeredRun } = {},
): Promise<TriggerScheduler> {
  if (inQueueMode(runtime)) {
    const schedules = await import('../queue/trigger-schedules');
    await schedules.reconcileTriggerSchedules(runtime);
    return { mode: 'queue', stop: () => schedules.closeTriggerScheduleQueue(runtime) };
  }
  const pollMs = options.pollMs ?? SCHEDULER_POLL_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let pass: Promise<unknown> = Promise.resolve();
  const tick = () => {
    pass = runDueSchedules(runtime, { start: options.start })
      .catch((error: unknown) =>
        runtime.logger.error(
          { err: error },
          'A pass over due schedule triggers failed; the next one retries',
        ),
      )
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, pollMs);
        timer.unref();
      });
  };
  tick();
  return {
    mode: 'one-process',
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}

/**
 * Makes the queue's job scheduler of a trigger match it (created, edited, paused or resumed): services/
 * triggers.ts calls it after each change. Nothing to do in one process, where the row is the schedule.
 * A Redis failure is logged, not thrown (the change is saved): every server start reconciles Redis with
 * the database, and a tick's claim checks the row, so a paused trigger whose scheduler stayed never runs.
 */
export async function syncTriggerSchedule(runtime: Runtime, trigger: TriggerRow): Promise<void> {
  if (trigger.kind !== 'schedule' || !inQueueMode(runtime)) return;
  try {
    const schedules = await import('../queue/trigger-schedules');
    await schedules.upsertTriggerSchedule(runtime, trigger);
  } catch (error) {
    logSyncFailure(trigger.id, error);
  }
}

/** Removes a deleted schedule trigger's job scheduler from the queue (nothing to do in one process). */
export async function removeTriggerSchedule(runtime: Runtime, triggerId: string): Promise<void> {
  if (!inQueueMode(runtime)) return;
  try {
    const schedules = await import('../queue/trigger-schedules');
    await schedules.dropTriggerSchedule(runtime, triggerId);
  } catch (error) {
    logSyncFailure(triggerId, error);
  }
}

function logSyncFailure(triggerId: string, error: unknown): void {
  logger().error(
    { err: error, triggerId },
    "The queue's schedule of a trigger could not be updated; it is set right when a server starts",
  );
}
