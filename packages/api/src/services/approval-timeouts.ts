import { runs } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { loadResumableRun, resumeRun } from './run-resume';

/** How often waiting runs are checked for questions whose time ran out. */
export const APPROVAL_TIMEOUT_SWEEP_MS = 10_000;
/** Runs answered per sweep; the rest wait for the next one, so a backlog cannot flood the process. */
const SWEEP_BATCH = 50;

/**
 * Answers `{ timedOut: true }` for every waiting run whose question's `timeoutAt` has passed, so the run
 * goes down its timeout branch. The engine only puts the time in the question: the database is polled,
 * not a timer per run, so a timeout survives restarts and deploys (a question may wait for days), and
 * `resumeRun` claims each run with one conditional update, so of several processes only one answers.
 * Returns the ids it continued.
 */
export async function answerTimedOutApprovals(
  runtime: Runtime,
  options: { now?: Date; languageModels?: LanguageModelFactory } = {},
): Promise<string[]> {
  const now = (options.now ?? new Date()).toISOString();
  const due = await runtime.db
    .select({ id: runs.id })
    .from(runs)
    .where(
      and(
        eq(runs.status, 'waiting'),
        sql`${runs.pending}->>'timeoutAt' is not null`,
        sql`(${runs.pending}->>'timeoutAt')::timestamptz <= ${now}::timestamptz`,
      ),
    )
    .limit(SWEEP_BATCH);
  const answered: string[] = [];
  for (const { id } of due) {
    const run = await loadResumableRun(runtime, id);
    if (run?.status !== 'waiting' || !run.pending) continue;
    try {
      await resumeRun(
        runtime,
        run,
        { requestId: run.pending.id, timedOut: true },
        { languageModels: options.languageModels },
      );
      answered.push(id);
    } catch (error) {
      // Answered by a person (or another process) between the query and the claim: nothing to do.
      if (error instanceof AppError && error.code === 'conflict') continue;
      runtime.logger.error({ err: error, runId: id }, 'Could not time out the question of a waiting run');
    }
  }
  return answered;
}

/** Checks for timed-out questions now and every `intervalMs`; returns a function that stops it. */
export function startApprovalTimeouts(runtime: Runtime, intervalMs = APPROVAL_TIMEOUT_SWEEP_MS): () => void {
  let sweeping = false;
  const sweep = () => {
    if (sweeping) return;
    sweeping = true;
    answerTimedOutApprovals(runtime)
      .catch((error: unknown) =>
        runtime.logger.error(
          { err: error },
          'The sweep for timed-out questions failed; the next one retries',
        ),
      )
      .finally(() => {
        sweeping = false;
      });
  };
  sweep();
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
