import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import { countWaitingRuns, QUEUE_STATES, readQueueJobCounts, SCRAPE_TIMEOUT_MS } from './scrape-readers';

/** Seconds from a run's start to its end: short chats on the left, long agent loops on the right. */
const DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** Seconds from a run's start to its first answer text: what a person waits before anything shows. */
const FIRST_TOKEN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

/** One runtime's Prometheus registry and the metrics runs and streams update. */
export interface RunMetrics {
  registry: Registry;
  runsStarted: Counter<'source'>;
  runsFinished: Counter<'source' | 'status'>;
  tokens: Counter<'kind'>;
  duration: Histogram<'source'>;
  firstToken: Histogram<'source'>;
  streamsHeld: Gauge;
  /** Reads the scrape-time metrics (queue, waiting runs) and renders all of them in Prometheus' text format. */
  scrape(): Promise<string>;
}

/**
 * Kept on the runtime (not the module): Next loads this package twice, and a run counted by the hot
 * routes' copy must show in the scrape the route's copy answers.
 */
const slot = new RuntimeSlot<RunMetrics>('metrics');

/**
 * The runtime's metrics, created on first use; undefined when `AGENTRY_METRICS_TOKEN` is unset, so a
 * server without metrics keeps no registry and its runs pay nothing for them.
 */
export function runMetrics(runtime: Runtime): RunMetrics | undefined {
  if (!runtime.config.metricsToken) return undefined;
  let metrics = slot.get(runtime);
  if (!metrics) {
    metrics = createRunMetrics(runtime);
    slot.set(runtime, metrics);
  }
  return metrics;
}

/** A registry of its own per runtime (never prom-client's global one), with Node's process metrics. */
function createRunMetrics(runtime: Runtime): RunMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const scrapeErrors = new Counter({
    name: 'agentry_metrics_scrape_errors_total',
    help: `Parts of a scrape not read within ${SCRAPE_TIMEOUT_MS} ms or that failed (left out of that scrape), by part.`,
    labelNames: ['part'],
    registers,
  });
  new Gauge({
    name: 'agentry_runs_waiting',
    help: 'Runs waiting for a person (an approval), in all workspaces, read from the database at scrape.',
    registers,
    async collect() {
      this.reset();
      const count = await countWaitingRuns(runtime).catch(() => undefined);
      if (count === undefined) scrapeErrors.inc({ part: 'database' });
      else this.set(count);
    },
  });
  // Registered by the first scrape that finds a queue: in-process servers do not show it at all.
  const queueJobs = new Gauge({
    name: 'agentry_queue_jobs',
    help: 'Jobs of the run queue by BullMQ state, read from Redis at scrape (failed: those BullMQ keeps, up to 1000).',
    labelNames: ['state'],
    registers: [],
    async collect() {
      this.reset();
      const queue = runtime.runQueue;
      if (!queue) return;
      const counts = await readQueueJobCounts(queue).catch(() => undefined);
      if (!counts) {
        scrapeErrors.inc({ part: 'queue' });
        return;
      }
      for (const state of QUEUE_STATES) this.set({ state }, counts[state]);
    },
  });
  let queueRegistered = false;
  return {
    registry,
    runsStarted: new Counter({
      name: 'agentry_runs_started_total',
      help: 'Runs started, by where they came from (preview, widget, api, openai, mcp, webhook, schedule, eval, cli).',
      labelNames: ['source'],
      registers,
    }),
    runsFinished: new Counter({
      name: 'agentry_runs_finished_total',
      help: 'Runs that ended, by source and status (succeeded, failed, cancelled, interrupted); a wait for a person is not an end.',
      labelNames: ['source', 'status'],
      registers,
    }),
    tokens: new Counter({
      name: 'agentry_run_tokens_total',
      help: 'Model tokens used by runs (kind: input or output), counted when a run ends or starts to wait.',
      labelNames: ['kind'],
      registers,
    }),
    duration: new Histogram({
      name: 'agentry_run_duration_seconds',
      help: 'Seconds from a run starting (or continuing) here to its end, time in the queue included.',
      labelNames: ['source'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    firstToken: new Histogram({
      name: 'agentry_run_first_token_seconds',
      help: "Seconds from a run's start to the first text of its answer (runs that stream one).",
      labelNames: ['source'],
      buckets: FIRST_TOKEN_BUCKETS,
      registers,
    }),
    streamsHeld: new Gauge({
      name: 'agentry_streams_held',
      help: 'Streamed answers open now (chat, widget and run streams, OpenAI-compatible streams).',
      registers,
    }),
    scrape() {
      // The queue can be attached after the runtime opens (tests, the trigger worker): look each time.
      if (!queueRegistered && runtime.runQueue) {
        registry.registerMetric(queueJobs);
        queueRegistered = true;
      }
      return registry.metrics();
    },
  };
}
