import { triggers } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Runtime } from '../runtime';
import type { StartTriggeredRun } from '../services/trigger-scheduler';
import { DEFAULT_QUEUE_NAMES, type QueueNames } from './event-stream';
import { createRedisRunQueue } from './run-queue';
import { claimScheduledTick, type TriggerJobData, triggerQueueName } from './trigger-schedules';

/** A running consumer of schedule ticks. */
export interface TriggerWorker {
  close(): Promise<void>;
}

/** The time a tick job stands for: set on a made-up missed tick, else the job scheduler's own. */
export function scheduledTimeOf(job: Job<TriggerJobData>): Date {
  const millis = job.data.scheduledAt ?? job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
  return new Date(millis);
}

/**
 * Takes schedule ticks from the queue (BullMQ's job schedulers put one there per cron time) and starts
 * each tick's run once (`claimScheduledTick`). The run is queued like any other, so whichever worker
 * takes it runs it and it survives this worker's death; this process only follows its events.
 * A tick of a trigger that is gone removes the trigger's scheduler (a delete whose removal failed).
 */
export async function startTriggerWorker(
  runtime: Runtime,
  options: { redisUrl: string; names?: QueueNames; start?: StartTriggeredRun },
): Promise<TriggerWorker> {
  const names = options.names ?? DEFAULT_QUEUE_NAMES;
  const runQueue = createRedisRunQueue(options.redisUrl, names);
  // The worker's own runtime runs in-process; the runs ticks start go to the run queue instead.
  const queued: Runtime = { ...runtime, runQueue };
  const start =
    options.start ??
    (async (target: Runtime, trigger: Parameters<StartTriggeredRun>[1], input: string) => {
      const { startTriggeredRun } = await import('../services/triggers');
      return startTriggeredRun(target, trigger, input);
    });
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const ticks = new Queue<TriggerJobData>(triggerQueueName(names), { connection });

  async function tick(job: Job<TriggerJobData>): Promise<void> {
    const { triggerId } = job.data;
    const claim = await claimScheduledTick(runtime, triggerId, scheduledTimeOf(job));
    if (!claim) {
      const [exists] = await runtime.db
        .select({ id: triggers.id })
        .from(triggers)
        .where(eq(triggers.id, triggerId));
      if (!exists) await ticks.removeJobScheduler(triggerId).catch(() => undefined);
      return;
    }
    try {
      await start(queued, claim.trigger, claim.input);
    } catch (error) {
      // Over its limits, agent not published…: this tick is lost (retrying would start it late, or twice).
      runtime.logger.warn(
        { err: error, triggerId },
        'A schedule trigger could not start its run; this tick is skipped',
      );
    }
  }

  const worker = new Worker<TriggerJobData>(triggerQueueName(names), tick, {
    connection: connection.duplicate(),
    concurrency: 4,
  });
  worker.on('error', (error) => runtime.logger.error({ err: error }, 'The queue of schedule ticks failed'));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await ticks.close();
      await runQueue.close();
      connection.disconnect();
    },
  };
}
