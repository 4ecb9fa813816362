import type { Logger } from './logger';

/** What `logRunOutcome` reads of a run's outcome record. */
export interface LoggedRunOutcome {
  runId: string;
  status: string;
  durationMs: number | null;
  usage: { inputTokens: number; outputTokens: number } | null;
  error: unknown;
}

/**
 * One line per run's end: a warning when it failed (its code, node and reason, which an operator can act
 * on: a refused key, a provider down), debug otherwise, so a busy server's info log is not a line per chat.
 */
export function logRunOutcome(logger: Logger, outcome: LoggedRunOutcome): void {
  const { runId, status, durationMs } = outcome;
  if (status === 'failed') {
    const error = (outcome.error ?? {}) as { code?: unknown; message?: unknown; nodeId?: unknown };
    logger.warn({ runId, code: error.code, nodeId: error.nodeId, reason: error.message }, 'A run failed');
    return;
  }
  if (!logger.isLevelEnabled('debug')) return;
  logger.debug(
    {
      runId,
      status,
      durationMs,
      inputTokens: outcome.usage?.inputTokens,
      outputTokens: outcome.usage?.outputTokens,
    },
    'A run ended',
  );
}
