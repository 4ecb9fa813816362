export { type RunMetrics, runMetrics } from './registry';
export { type FinishedStatus, RunTracker, trackRun } from './run-tracker';
export { QUEUE_STATES, type QueueJobCounts, SCRAPE_TIMEOUT_MS } from './scrape-readers';
export { holdStream } from './streams';
