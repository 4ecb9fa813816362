import { agentVersions, evalRuns } from '@agentry/db';
import { and, count as countRows, desc, eq, inArray } from '@agentry/db/drizzle';
import {
  type CaseResult,
  EVAL_LIMITS,
  type EvalCase,
  evalCaseSchema,
  type JudgeModel,
} from '@agentry/engine/evals';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { loadAgentCases } from './eval-cases';
import { type EvalRunPlan, EvalRunStoppedError, executeEvalRun, liveEvalRuns } from './eval-run-execution';
import {
  type EvalResultRow,
  type EvalRunSummary,
  loadEvalResults,
  loadEvalRunSummary,
  markStaleEvalRuns,
  selectEvalRunSummaries,
  toEvalRunSummary,
} from './eval-run-rows';
import { evalSettingsOf, MAX_EVAL_CONCURRENCY, requireCredential } from './eval-settings';

/** Which graph an eval run tests: the draft, the published version, or a version by id. */
export type EvalRunTarget = 'draft' | 'published' | { versionId: string };

/** What to run: an agent's stored cases (all, or `caseIds`) or the given cases, against a target. */
export interface EvalRunRequest {
  agentId: string;
  target: EvalRunTarget;
  /** Cases to run instead of the stored ones (a case file); results then name no stored case. */
  cases?: EvalCase[];
  caseIds?: string[];
  /** Cases run at once (1–10); default: the agent's settings. */
  concurrency?: number;
  /** The judge of `judge` expectations naming no model; undefined: the agent's settings; null: offline. */
  judge?: JudgeModel | null;
}

/** The graph a target names, checked to be the agent's. */
async function targetGraph(
  runtime: Runtime,
  agent: Awaited<ReturnType<typeof getAgent>>,
  target: EvalRunTarget,
): Promise<{ graph: unknown; versionId: string | null; draftRevision: number | null }> {
  if (target === 'draft')
    return { graph: agent.draftGraph, versionId: null, draftRevision: agent.draftRevision };
  const versionId = target === 'published' ? agent.publishedVersionId : target.versionId;
  if (!versionId)
    throw new AppError(
      'bad_request',
      'This agent has no published version yet: publish it, or test the draft.',
    );
  const [version] = await runtime.db
    .select({ id: agentVersions.id, graph: agentVersions.graph })
    .from(agentVersions)
    .where(and(eq(agentVersions.id, versionId), eq(agentVersions.agentId, agent.id)));
  if (!version) throw new AppError('not_found', `This agent has no version ${versionId}.`);
  return { graph: version.graph, versionId: version.id, draftRevision: null };
}

/** Eval runs a workspace may have running at once: each runs up to 10 cases at a time on the server. */
export const MAX_RUNNING_EVAL_RUNS = 3;

/** Refuses (429) a new eval run while the workspace already has MAX_RUNNING_EVAL_RUNS running. */
async function refuseTooManyRunning(runtime: Runtime, workspaceId: string): Promise<void> {
  const inWorkspace = eq(evalRuns.workspaceId, workspaceId);
  // Runs whose process stopped are not running: mark them first so they do not hold a place.
  await markStaleEvalRuns(runtime, inWorkspace);
  const [running] = await runtime.db
    .select({ value: countRows() })
    .from(evalRuns)
    .where(and(inWorkspace, eq(evalRuns.status, 'running')));
  if ((running?.value ?? 0) >= MAX_RUNNING_EVAL_RUNS)
    throw new AppError(
      'rate_limited',
      `${MAX_RUNNING_EVAL_RUNS} eval runs are already running in this workspace: wait for one to finish, or cancel one.`,
    );
}

/**
 * Checks who asks and what (editors; the agent, version, cases and judge credential of the workspace;
 * the case cap), then records the eval run as `running`: everything refused is refused before any work.
 */
async function planEvalRun(runtime: Runtime, actor: Actor, request: EvalRunRequest): Promise<EvalRunPlan> {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, request.agentId);
  const settings = evalSettingsOf(agent);
  const count = request.cases?.length ?? request.caseIds?.length ?? 0;
  if (count > EVAL_LIMITS.maxCases)
    throw new AppError(
      'bad_request',
      `An eval run runs at most ${EVAL_LIMITS.maxCases} cases; this one has ${count}.`,
    );
  const cases = request.cases
    ? request.cases.map((evalCase) => ({ caseId: null, evalCase: evalCaseSchema.parse(evalCase) }))
    : (await loadAgentCases(runtime, agent.id, request.caseIds)).map(({ id, name, input, expect }) => ({
        caseId: id,
        evalCase: { name, input, expect },
      }));
  if (cases.length === 0)
    throw new AppError(
      'bad_request',
      'This agent has no test cases yet: add one in the Tests tab, or import a case file.',
    );
  const judge = request.judge === undefined ? settings.judge : request.judge;
  if (judge?.credentialId) await requireCredential(runtime, actor.workspaceId, judge.credentialId);
  const concurrency = Math.min(
    MAX_EVAL_CONCURRENCY,
    Math.max(1, Math.round(request.concurrency ?? settings.concurrency)),
  );
  const target = await targetGraph(runtime, agent, request.target);
  await refuseTooManyRunning(runtime, actor.workspaceId);
  const [row] = await runtime.db
    .insert(evalRuns)
    .values({
      workspaceId: actor.workspaceId,
      agentId: agent.id,
      versionId: target.versionId,
      draftRevision: target.draftRevision,
      status: 'running',
      total: cases.length,
      concurrency,
      judge,
      createdBy: actor.user.id,
    })
    .returning({ id: evalRuns.id });
  return {
    evalRunId: row!.id,
    target: {
      workspaceId: actor.workspaceId,
      agentId: agent.id,
      graph: target.graph,
      versionId: target.versionId,
    },
    cases,
    concurrency,
    judge,
  };
}

/**
 * Starts an eval run (the Tests tab's Run) and returns at once; the cases run in the background, each a
 * normal run with source `eval` (queue mode spreads them over workers), recorded as they finish.
 */
export async function startEvalRun(
  runtime: Runtime,
  actor: Actor,
  request: Omit<EvalRunRequest, 'cases'>,
): Promise<{ evalRunId: string }> {
  const plan = await planEvalRun(runtime, actor, request);
  void executeEvalRun(runtime, plan).catch((error: unknown) => {
    // A cancel is recorded already; anything else is recorded `failed` and worth a line in the log.
    if (!(error instanceof EvalRunStoppedError))
      runtime.logger.error({ err: error, evalRunId: plan.evalRunId }, 'An eval run stopped with an error');
  });
  return { evalRunId: plan.evalRunId };
}

/**
 * Runs an agent's tests to the end (CLI `agentry test`, CI): recorded like a Tests-tab run, results in
 * the cases' order. `signal` cancels it (recorded `cancelled`).
 */
export async function runAgentEval(
  runtime: Runtime,
  actor: Actor,
  request: EvalRunRequest & {
    signal?: AbortSignal;
    onResult?: (result: CaseResult, index: number) => void;
  },
): Promise<{ evalRunId: string; results: CaseResult[] }> {
  const plan = await planEvalRun(runtime, actor, request);
  const results = await executeEvalRun(runtime, plan, { signal: request.signal, onResult: request.onResult });
  return { evalRunId: plan.evalRunId, results };
}

/**
 * Cancels an eval run (editors): aborts its cases when it runs in this process, and marks it
 * `cancelled` either way (a run in another process sees that on its next heartbeat and stops).
 */
export async function cancelEvalRun(runtime: Runtime, actor: Actor, id: string): Promise<EvalRunSummary> {
  requireRole(actor, 'editor');
  const run = await loadEvalRunSummary(runtime, actor.workspaceId, id);
  await runtime.db
    .update(evalRuns)
    .set({ status: 'cancelled', finishedAt: new Date() })
    .where(and(eq(evalRuns.id, run.id), inArray(evalRuns.status, ['queued', 'running'])));
  liveEvalRuns(runtime).get(run.id)?.abort(new EvalRunStoppedError('The eval run was cancelled.'));
  return loadEvalRunSummary(runtime, actor.workspaceId, id);
}

/** One eval run of the workspace with its results in the cases' order (members). */
export async function getEvalRun(
  runtime: Runtime,
  actor: Actor,
  id: string,
): Promise<{ run: EvalRunSummary; results: EvalResultRow[] }> {
  await markStaleEvalRuns(runtime, and(eq(evalRuns.id, id), eq(evalRuns.workspaceId, actor.workspaceId)));
  const run = await loadEvalRunSummary(runtime, actor.workspaceId, id);
  return { run, results: await loadEvalResults(runtime, run.id) };
}

/** An agent's eval runs, newest first (members). */
export async function listEvalRuns(
  runtime: Runtime,
  actor: Actor,
  input: { agentId: string; limit?: number },
): Promise<EvalRunSummary[]> {
  const agent = await getAgent(runtime, actor.workspaceId, input.agentId);
  const scope = and(eq(evalRuns.agentId, agent.id), eq(evalRuns.workspaceId, actor.workspaceId));
  await markStaleEvalRuns(runtime, scope);
  const rows = await selectEvalRunSummaries(runtime, scope)
    .orderBy(desc(evalRuns.createdAt))
    .limit(Math.min(100, Math.max(1, input.limit ?? 20)));
  return rows.map(toEvalRunSummary);
}
