import { createRuntime, loadConfig, runJournal, usageWrites } from '@agentry/api';
import { configureLogging } from '@agentry/api/logging';
import { startRunWorker, startTriggerWorker } from '@agentry/api/queue';
import { startTracing } from '@agentry/api/telemetry';
import { CliError } from '../cli-error';

/** `agentry worker`: takes runs from the Redis queue until stopped (SIGINT/SIGTERM). */
export async function workerCommand(options: { concurrency?: string }): Promise<number> {
  const config = loadConfig();
  if (!config.redisUrl)
    throw new CliError('The worker takes runs from a queue: set REDIS_URL (and DATABASE_URL).');
  const concurrency = options.concurrency === undefined ? 8 : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new CliError('--concurrency must be a whole number from 1 to 256.');
  }
  // With OTEL_EXPORTER_OTLP_ENDPOINT set, the runs' spans join the traces of the requests that queued them.
  const tracing = await startTracing(config, { serviceName: 'agentry-worker' });
  // A service, not a command: its lines go to stdout (JSON under NODE_ENV=production) for the log shipper.
  const logger = await configureLogging({ service: 'agentry-worker', level: config.logLevel });
  // The worker executes runs itself; it must not queue them again.
  const runtime = await createRuntime(config, { purpose: 'queue worker', runQueue: null });
  const worker = await startRunWorker(runtime, {
    redisUrl: config.redisUrl,
    concurrency,
    names: { queue: config.queueName },
  });
  // Schedule triggers' ticks (BullMQ job schedulers) start their runs here, each tick once.
  const triggerWorker = await startTriggerWorker(runtime, {
    redisUrl: config.redisUrl,
    names: { queue: config.queueName },
  });
  logger.info({ concurrency }, 'Agentry worker: taking runs from Redis. Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('Agentry worker: finishing runs in progress…');
  await triggerWorker.close();
  await worker.close();
  // The last runs' outcomes and their usage rollups are written before the database closes.
  await runJournal(runtime).settled();
  await usageWrites(runtime).flush();
  await runtime.database.close();
  // The last runs' spans leave before the process does.
  await tracing?.shutdown();
  return 0;
}
