import { agentVersions, evalResults, evalRuns, users } from '@agentry/db';
import { and, asc, eq, lt, type SQL } from '@agentry/db/drizzle';
import type { CaseOutcome, CaseResult, EvalCase, ExpectationResult, JudgeModel } from '@agentry/engine/evals';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';

/** The status of an eval run (see `eval_runs.status`). */
export type EvalRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** An eval run as lists, the progress bar and the publish check show it. */
export interface EvalRunSummary {
  id: string;
  agentId: string;
  status: EvalRunStatus;
  total: number;
  passed: number;
  failed: number;
  /** The published version tested; null: the draft. */
  versionId: string | null;
  /** That version's number. */
  version: number | null;
  /** The draft revision tested (draft runs). */
  draftRevision: number | null;
  concurrency: number;
  /** The judge model of the run; null: the offline judge. */
  judge: JudgeModel | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** The name of who started it. */
  createdBy: string | null;
}

/** How one case of an eval run came out, as the results table shows it. */
export interface EvalResultRow {
  position: number;
  caseId: string | null;
  /** The case as it was run. */
  case: EvalCase;
  runId: string | null;
  passed: boolean;
  error: string | null;
  expectations: ExpectationResult[];
  answer: string;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  outcome: CaseOutcome;
}

/** A `running` eval run untouched this long was left by a process that stopped. */
export const EVAL_RUN_STALE_MS = 60_000;

const summaryColumns = {
  id: evalRuns.id,
  agentId: evalRuns.agentId,
  status: evalRuns.status,
  total: evalRuns.total,
  passed: evalRuns.passed,
  failed: evalRuns.failed,
  versionId: evalRuns.versionId,
  version: agentVersions.version,
  draftRevision: evalRuns.draftRevision,
  concurrency: evalRuns.concurrency,
  judge: evalRuns.judge,
  error: evalRuns.error,
  createdAt: evalRuns.createdAt,
  finishedAt: evalRuns.finishedAt,
  createdBy: users.name,
};

/** Eval run summaries matching `where` (always scope it to a workspace), oldest first unless ordered. */
export function selectEvalRunSummaries(runtime: Runtime, where: SQL | undefined) {
  return runtime.db
    .select(summaryColumns)
    .from(evalRuns)
    .leftJoin(agentVersions, eq(agentVersions.id, evalRuns.versionId))
    .leftJoin(users, eq(users.id, evalRuns.createdBy))
    .where(where)
    .$dynamic();
}

/** A selected row as its summary (typed status and judge). */
export function toEvalRunSummary(
  row: Awaited<ReturnType<typeof selectEvalRunSummaries>>[number],
): EvalRunSummary {
  return {
    ...row,
    status: row.status as EvalRunStatus,
    judge: (row.judge as JudgeModel | null) ?? null,
    version: row.version ?? null,
  };
}

/** One eval run of the workspace, or `not_found` (also for another workspace's). */
export async function loadEvalRunSummary(
  runtime: Runtime,
  workspaceId: string,
  id: string,
): Promise<EvalRunSummary> {
  const [row] = await selectEvalRunSummaries(
    runtime,
    and(eq(evalRuns.id, id), eq(evalRuns.workspaceId, workspaceId)),
  );
  if (!row) throw new AppError('not_found', `No eval run ${id} in this workspace.`);
  return toEvalRunSummary(row);
}

/** The results of an eval run, in the cases' order. */
export async function loadEvalResults(runtime: Runtime, evalRunId: string): Promise<EvalResultRow[]> {
  const rows = await runtime.db
    .select()
    .from(evalResults)
    .where(eq(evalResults.evalRunId, evalRunId))
    .orderBy(asc(evalResults.position));
  return rows.map((row) => {
    const stored = row.outcome as Omit<CaseOutcome, 'answer' | 'latencyMs' | 'tokens' | 'costUsd'>;
    return {
      position: row.position,
      caseId: row.caseId,
      case: row.case as EvalCase,
      runId: row.runId,
      passed: row.passed,
      error: row.error,
      expectations: row.expectations as ExpectationResult[],
      answer: row.answer,
      latencyMs: row.latencyMs,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      outcome: {
        ...stored,
        answer: row.answer,
        latencyMs: row.latencyMs,
        tokens: { input: row.inputTokens, output: row.outputTokens },
        ...(row.costUsd === null ? {} : { costUsd: row.costUsd }),
      },
    };
  });
}

/** The row of one case's result: numbers in their columns, the rest of the outcome as JSON. */
export function evalResultValues(
  evalRunId: string,
  position: number,
  caseId: string | null,
  evalCase: EvalCase,
  result: CaseResult,
): typeof evalResults.$inferInsert {
  const { answer, latencyMs, tokens, costUsd, ...outcome } = result.outcome;
  return {
    evalRunId,
    position,
    caseId,
    case: evalCase,
    runId: result.runId ?? null,
    passed: result.passed,
    error: result.error ?? null,
    expectations: result.expectations,
    answer,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    costUsd: costUsd ?? null,
    outcome,
  };
}

/**
 * Marks `running` eval runs nobody has touched for EVAL_RUN_STALE_MS as `interrupted` (their process
 * stopped: a live one touches its run every few seconds); the results they recorded stay. `scope`
 * narrows it (an agent's runs when they are listed); none: every run (at start-up).
 */
export async function markStaleEvalRuns(runtime: Runtime, scope?: SQL): Promise<string[]> {
  const rows = await runtime.db
    .update(evalRuns)
    .set({
      status: 'interrupted',
      error:
        'The server running this eval run stopped; the cases that finished before are kept. Run it again.',
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(evalRuns.status, 'running'),
        lt(evalRuns.updatedAt, new Date(Date.now() - EVAL_RUN_STALE_MS)),
        scope,
      ),
    )
    .returning({ id: evalRuns.id });
  return rows.map((row) => row.id);
}

/** At start-up: eval runs a previous process left `running` are marked `interrupted`. */
export function recoverEvalRuns(runtime: Runtime): Promise<string[]> {
  return markStaleEvalRuns(runtime);
}
