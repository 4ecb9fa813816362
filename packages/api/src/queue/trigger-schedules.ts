import { triggers } from '@agentry/db';
import { and, eq, isNull, lte, or, sql } from '@agentry/db/drizzle';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime';
import { planTick, previousFire, scheduleConfigOf, type TriggerRow } from '../services/trigger-scheduler';
import type { ScheduleConfig } from '../services/trigger-config';
import { DEFAULT_QUEUE_NAMES, type QueueNames } from './event-stream';
import { RuntimeSlot } from '../runtime-slot';

/** What a schedule tick's job carries: the trigger, and for a made-up missed tick, its time. */
export interface TriggerJobData {
  triggerId: string;
  /** Set on the one job that makes up for ticks missed while no scheduler existed (ms since epoch). */
  scheduledAt?: number;
}

/** The BullMQ queue of schedule ticks, beside the run queue (BullMQ queue names may not hold ':'). */
export function triggerQueueName(names: QueueNames = DEFAULT_QUEUE_NAMES): string {
  return `${names.queue}-triggers`;
}

/** Finished tick jobs are dropped; a few failed ones are kept to look at. */
const JOB_OPTIONS = { removeOnComplete: true, removeOnFail: 100 } as const;

const queues = new RuntimeSlot<{ queue: Queue<TriggerJobData>; connection: Redis }>('trigger-queue');

/** This runtime's handle on the tick queue, opened on first use (queue mode only). */
function triggerQueue(runtime: Runtime): Queue<TriggerJobData> {
  let entry = queues.get(runtime);
  if (!entry) {
    const redisUrl = runtime.config.redisUrl;
    if (!redisUrl) throw new Error('Schedules in queue mode need REDIS_URL.');
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue<TriggerJobData>(triggerQueueName({ queue: runtime.config.queueName }), {
      connection,
    });
    queue.on('error', (error) =>
      runtime.logger.error({ err: error }, 'The queue of schedule triggers failed'),
    );
    entry = { queue, connection };
    queues.set(runtime, entry);
  }
  return entry.queue;
}

/** Closes this runtime's handle on the tick queue, if it opened one. */
export async function closeTriggerScheduleQueue(runtime: Runtime): Promise<void> {
  const entry = queues.get(runtime);
  if (!entry) return;
  queues.delete(runtime);
  await entry.queue.close();
  entry.connection.disconnect();
}

/** The job scheduler's repeat options for a schedule's settings. */
function repeatOf(config: ScheduleConfig): { pattern: string; tz: string } {
  return { pattern: config.cron, tz: config.timezone };
}

/**
 * Makes the trigger's job scheduler (id = trigger id) match the row: an enabled schedule fires on its
 * cron in its time zone; a paused one, a webhook or one whose settings do not parse has none.
 */
export async function upsertTriggerSchedule(runtime: Runtime, trigger: TriggerRow): Promise<void> {
  const config = trigger.kind === 'schedule' && trigger.enabled ? scheduleConfigOf(trigger) : undefined;
  const queue = triggerQueue(runtime);
  if (!config) {
    await queue.removeJobScheduler(trigger.id);
    return;
  }
  await queue.upsertJobScheduler(trigger.id, repeatOf(config), {
    name: 'trigger',
    data: { triggerId: trigger.id },
    opts: JOB_OPTIONS,
  });
}

/** Removes a deleted trigger's job scheduler. */
export async function dropTriggerSchedule(runtime: Runtime, triggerId: string): Promise<void> {
  await triggerQueue(runtime).removeJobScheduler(triggerId);
}

/**
 * At a web server's start: every enabled schedule gets its job scheduler and every other scheduler goes
 * (triggers deleted or paused while no server listened). BullMQ does not replay ticks that passed while
 * a schedule had no scheduler (Redis emptied, a move from one process to queue mode): a `run_once`
 * schedule whose `next_run_at` has passed gets one tick job for its last due time. Several servers
 * starting at once add the same job id, and the worker's claim starts it once in any case.
 */
export async function reconcileTriggerSchedules(runtime: Runtime, now = new Date()): Promise<void> {
  const queue = triggerQueue(runtime);
  const rows = await runtime.db.select().from(triggers).where(eq(triggers.kind, 'schedule'));
  const wanted = new Set<string>();
  for (const trigger of rows) {
    const config = trigger.enabled ? scheduleConfigOf(trigger) : undefined;
    if (!config) continue;
    wanted.add(trigger.id);
    const existed = (await queue.getJobScheduler(trigger.id)) !== undefined;
    if (!existed && config.missed === 'run_once' && trigger.nextRunAt && trigger.nextRunAt <= now) {
      const scheduledAt = previousFire(config, now).getTime();
      await queue.add(
        'trigger',
        { triggerId: trigger.id, scheduledAt },
        { ...JOB_OPTIONS, jobId: `missed-${trigger.id}-${scheduledAt}` },
      );
    }
    await upsertTriggerSchedule(runtime, trigger);
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    const id = scheduler.id ?? scheduler.key;
    if (!wanted.has(id)) await queue.removeJobScheduler(id);
  }
}

/** What a worker does with a tick: the trigger to run and its input, or nothing. */
export interface ClaimedTick {
  trigger: TriggerRow;
  input: string;
}

/**
 * Claims the tick scheduled at `scheduledAt` for one run: one conditional UPDATE moves `next_run_at`
 * past it, and only while it is not yet past, so a job delivered twice (a stalled job retried, the
 * made-up missed tick beside a late one) starts one run. A paused or deleted trigger starts none; so
 * does a tick late by more than a period under `skip` (under `run_once` it stands for all the missed
 * ones, and a later late tick finds `next_run_at` already past it).
 */
export async function claimScheduledTick(
  runtime: Runtime,
  triggerId: string,
  scheduledAt: Date,
  now = new Date(),
): Promise<ClaimedTick | undefined> {
  const [trigger] = await runtime.db.select().from(triggers).where(eq(triggers.id, triggerId));
  if (trigger?.kind !== 'schedule' || !trigger.enabled) return undefined;
  const config = scheduleConfigOf(trigger);
  if (!config) return undefined;
  const plan = planTick(config, scheduledAt, now);
  const [claimed] = await runtime.db
    .update(triggers)
    .set({
      nextRunAt: plan.nextRunAt,
      ...(plan.run ? { lastRunAt: now } : {}),
      // A tick is not an edit: updated_at keeps the time of the last change by a person.
      updatedAt: sql`${triggers.updatedAt}`,
    })
    .where(
      and(
        eq(triggers.id, triggerId),
        eq(triggers.enabled, true),
        or(isNull(triggers.nextRunAt), lte(triggers.nextRunAt, scheduledAt)),
      ),
    )
    .returning();
  return claimed && plan.run ? { trigger: claimed, input: config.input } : undefined;
}
