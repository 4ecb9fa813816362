export { type AgentryConfig, loadConfig } from './config';
export { AppError, type AppErrorCode } from './errors';
export { createRuntime, getRuntime, type Runtime, type RuntimeOptions } from './runtime';
export * from './services/agents';
export * from './services/api-keys';
export * from './services/auth';
export * from './services/credentials';
export * from './services/members';
export { createSecretBox, loadSecretMaterial, type SecretBox } from './security/secret-box';
export { digest, newToken } from './security/tokens';
export * from './services/agent-versions';
export * from './services/agent-graphs';
export * from './services/engine-context';
export * from './services/provider-access';
export * from './services/graph-diff';
export * from './services/graph-files';
export * from './services/runs';
export * from './services/chat';
export * from './services/run-history';
export { type RecoveryReport, recoverRuns } from './services/run-recovery';
export { runJournal } from './services/run-journal';
export { USAGE_FLUSH_MS, usageWrites } from './services/usage-writes';
export { type EvalRunRequest, type EvalRunTarget, runAgentEval } from './services/eval-runs';
export {
  type EvalResultRow,
  type EvalRunStatus,
  type EvalRunSummary,
  recoverEvalRuns,
} from './services/eval-run-rows';
export type { EvalChange, EvalCompareRow, EvalPassRate } from './services/eval-compare';
export type { EvalPublishCheck } from './services/eval-publish-check';
export type { EvalSettings } from './services/eval-settings';
export type { StoredEvalCase } from './services/eval-cases';
export { startApprovalTimeouts } from './services/approval-timeouts';
export {
  removeTriggerSchedule,
  startTriggerScheduler,
  syncTriggerSchedule,
  type TriggerScheduler,
} from './services/trigger-scheduler';
export { type RunStatus, getRunStatus } from './services/run-status';
export { loadResumableRun, type ResumeBody, resumeRun } from './services/run-resume';
export { runEventsFromStart } from './services/run-stream';
// The Redis queue (bullmq, ioredis) is `@agentry/api/queue`: servers without REDIS_URL never load it.
export type { QueueNames, RunQueue } from './queue/run-queue';
export { createWorkerCodeRunner } from './sandbox/worker-code-runner';
export * from './services/templates';
export * from './services/credential-test';
export * from './knowledge';
export * from './services/embed-settings';
export * from './services/public-chat';
export * from './services/openai-compatible';
export { type RateLimitResult, SlidingWindowLimiter } from './rate-limit';
