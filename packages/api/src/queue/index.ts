export { createRedisRunQueue, DEFAULT_QUEUE_NAMES, type QueueNames, type RunQueue } from './run-queue';
export { type RunWorker, startRunWorker } from './run-worker';
export { startTriggerWorker, type TriggerWorker } from './trigger-worker';
