import { evalResults, evalRuns } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import { runEvalCases } from '@agentry/engine';
import type { CaseResult, EvalCase, JudgeModel } from '@agentry/engine/evals';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import { createJudgeFor } from './eval-judges';
import { evalResultValues } from './eval-run-rows';
import { type EvalTarget, runEvalCase } from './eval-run-case';

/** How often a running eval run touches its row: a run untouched for a minute counts as abandoned. */
export const EVAL_HEARTBEAT_MS = 4_000;

/** An eval run recorded as `running`, with everything its execution needs. */
export interface EvalRunPlan {
  evalRunId: string;
  target: EvalTarget;
  /** The cases in order, with the stored case each came from (null: a case file's). */
  cases: { caseId: string | null; evalCase: EvalCase }[];
  concurrency: number;
  /** The run's judge for `judge` expectations that name no model; null: the offline judge. */
  judge: JudgeModel | null;
}

/** Why an eval run's cases were aborted from here: a cancel, or its row found no longer `running`. */
export class EvalRunStoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalRunStoppedError';
  }
}

const liveSlot = new RuntimeSlot<Map<string, AbortController>>('eval-runs');

/** Eval runs executing in this process, by id: cancelling one aborts its cases here. */
export function liveEvalRuns(runtime: Runtime): Map<string, AbortController> {
  let live = liveSlot.get(runtime);
  if (!live) {
    live = new Map();
    liveSlot.set(runtime, live);
  }
  return live;
}

/** Records one finished case: its result row, then the run's count with one atomic UPDATE. */
async function recordResult(runtime: Runtime, plan: EvalRunPlan, result: CaseResult, index: number) {
  const planned = plan.cases[index]!;
  await runtime.db
    .insert(evalResults)
    .values(evalResultValues(plan.evalRunId, index, planned.caseId, planned.evalCase, result));
  await runtime.db
    .update(evalRuns)
    .set(result.passed ? { passed: sql`${evalRuns.passed} + 1` } : { failed: sql`${evalRuns.failed} + 1` })
    .where(eq(evalRuns.id, plan.evalRunId));
}

/** Sets the run's final status, unless it already left `running` (cancelled or marked elsewhere). */
async function settle(
  runtime: Runtime,
  evalRunId: string,
  status: 'done' | 'failed' | 'cancelled',
  error?: string,
) {
  await runtime.db
    .update(evalRuns)
    .set({ status, error: error ?? null, finishedAt: new Date() })
    .where(and(eq(evalRuns.id, evalRunId), eq(evalRuns.status, 'running')));
}

/**
 * Executes a planned eval run: the cases through the engine's pool (each a normal run, see
 * `runEvalCase`), each result stored as it finishes. The row is touched every EVAL_HEARTBEAT_MS; when
 * that finds it no longer `running` (cancelled by another process, or marked interrupted) the cases
 * stop. Ends `done`, or `cancelled` when `signal` aborted it, or `failed` when it could not go on.
 */
export async function executeEvalRun(
  runtime: Runtime,
  plan: EvalRunPlan,
  options: { signal?: AbortSignal; onResult?: (result: CaseResult, index: number) => void } = {},
): Promise<CaseResult[]> {
  const controller = new AbortController();
  const live = liveEvalRuns(runtime);
  live.set(plan.evalRunId, controller);
  const abortFromCaller = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) abortFromCaller();
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });
  const heartbeat = setInterval(() => {
    void runtime.db
      .update(evalRuns)
      .set({ updatedAt: new Date() })
      .where(and(eq(evalRuns.id, plan.evalRunId), eq(evalRuns.status, 'running')))
      .returning({ id: evalRuns.id })
      .then((rows) => {
        if (rows.length === 0)
          controller.abort(new EvalRunStoppedError('The eval run was stopped elsewhere.'));
      })
      .catch((error: unknown) =>
        runtime.logger.error(
          { err: error, evalRunId: plan.evalRunId },
          'Could not update the heartbeat of an eval run; it may be marked interrupted',
        ),
      );
  }, EVAL_HEARTBEAT_MS);
  heartbeat.unref?.();
  try {
    const results = await runEvalCases({
      cases: plan.cases.map((planned) => planned.evalCase),
      concurrency: plan.concurrency,
      runCase: (evalCase, _index, signal) => runEvalCase(runtime, plan.target, evalCase, signal),
      judgeFor: createJudgeFor(runtime, plan.target.workspaceId, plan.judge),
      signal: controller.signal,
      onResult: async (result, index) => {
        // Cases cut short by a cancel are not results; those that finished before it stay.
        if (controller.signal.aborted) return;
        await recordResult(runtime, plan, result, index);
        options.onResult?.(result, index);
      },
    });
    await settle(runtime, plan.evalRunId, controller.signal.aborted ? 'cancelled' : 'done');
    return results;
  } catch (error) {
    if (controller.signal.aborted) await settle(runtime, plan.evalRunId, 'cancelled');
    else
      await settle(
        runtime,
        plan.evalRunId,
        'failed',
        `The eval run stopped: ${error instanceof Error ? error.message : String(error)}`,
      );
    throw error;
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', abortFromCaller);
    live.delete(plan.evalRunId);
  }
}
