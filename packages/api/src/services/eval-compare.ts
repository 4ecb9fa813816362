import { evalRuns } from '@agentry/db';
import { and, desc, eq } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import type { Actor } from './auth';
import {
  type EvalResultRow,
  type EvalRunSummary,
  loadEvalResults,
  loadEvalRunSummary,
  selectEvalRunSummaries,
  toEvalRunSummary,
} from './eval-run-rows';

/** How a case changed from eval run a to eval run b. */
export type EvalChange = 'newly-failing' | 'newly-passing' | 'answer-changed' | 'same' | 'only-a' | 'only-b';

/** One case of a comparison: its result in each run, and what changed. */
export interface EvalCompareRow {
  name: string;
  caseId: string | null;
  a?: EvalResultRow;
  b?: EvalResultRow;
  change: EvalChange;
}

/** What changed between two result rows of one case. */
function changeOf(a: EvalResultRow | undefined, b: EvalResultRow | undefined): EvalChange {
  if (!b) return 'only-a';
  if (!a) return 'only-b';
  if (a.passed && !b.passed) return 'newly-failing';
  if (!a.passed && b.passed) return 'newly-passing';
  return a.answer.trim() === b.answer.trim() ? 'same' : 'answer-changed';
}

/**
 * Pairs the results of two runs: by stored case when both name one, else by case name (a case file's
 * cases, or a case deleted since). Rows follow b's order, then cases only a ran.
 */
export function compareResults(a: readonly EvalResultRow[], b: readonly EvalResultRow[]): EvalCompareRow[] {
  const unmatched = new Set(a);
  const take = (row: EvalResultRow): EvalResultRow | undefined => {
    const match =
      (row.caseId && [...unmatched].find((candidate) => candidate.caseId === row.caseId)) ||
      [...unmatched].find((candidate) => candidate.case.name === row.case.name);
    if (match) unmatched.delete(match);
    return match || undefined;
  };
  const rows: EvalCompareRow[] = b.map((row) => {
    const before = take(row);
    return {
      name: row.case.name,
      caseId: row.caseId ?? before?.caseId ?? null,
      a: before,
      b: row,
      change: changeOf(before, row),
    };
  });
  for (const row of unmatched)
    rows.push({ name: row.case.name, caseId: row.caseId, a: row, change: 'only-a' });
  return rows;
}

/** Compares two eval runs of the same agent of the workspace (members). */
export async function compareEvalRuns(
  runtime: Runtime,
  actor: Actor,
  input: { a: string; b: string },
): Promise<{ a: EvalRunSummary; b: EvalRunSummary; rows: EvalCompareRow[] }> {
  const [a, b] = await Promise.all([
    loadEvalRunSummary(runtime, actor.workspaceId, input.a),
    loadEvalRunSummary(runtime, actor.workspaceId, input.b),
  ]);
  if (a.agentId !== b.agentId)
    throw new AppError(
      'bad_request',
      'These eval runs test different agents; compare two runs of one agent.',
    );
  const [resultsA, resultsB] = await Promise.all([
    loadEvalResults(runtime, a.id),
    loadEvalResults(runtime, b.id),
  ]);
  return { a, b, rows: compareResults(resultsA, resultsB) };
}

/** A point of the pass-rate chart: the latest finished eval run of a version or draft revision. */
export interface EvalPassRate {
  /** `draft r12` or `v3`. */
  label: string;
  versionId: string | null;
  evalRunId: string;
  /** Passed cases out of all, 0–1. */
  passRate: number;
  total: number;
  createdAt: Date;
}

/** Finished runs read to find the chart's points (the latest per version; older runs do not matter). */
const PASS_RATE_SCAN = 500;
/** Points on the chart. */
const PASS_RATE_POINTS = 20;

/** The label of what an eval run tested. */
export function evalTargetLabel(run: Pick<EvalRunSummary, 'version' | 'draftRevision'>): string {
  return run.version !== null ? `v${run.version}` : `draft r${run.draftRevision ?? '?'}`;
}

/** The pass rate of the latest finished eval run of each version and draft revision, oldest first (members). */
export async function evalPassRates(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<EvalPassRate[]> {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const rows = await selectEvalRunSummaries(
    runtime,
    and(
      eq(evalRuns.agentId, agent.id),
      eq(evalRuns.workspaceId, actor.workspaceId),
      eq(evalRuns.status, 'done'),
    ),
  )
    .orderBy(desc(evalRuns.createdAt))
    .limit(PASS_RATE_SCAN);
  const latest = new Map<string, EvalRunSummary>();
  for (const row of rows.map(toEvalRunSummary)) {
    const key = row.versionId ? `v:${row.versionId}` : `d:${row.draftRevision}`;
    if (!latest.has(key) && latest.size < PASS_RATE_POINTS) latest.set(key, row);
  }
  return [...latest.values()].reverse().map((run) => ({
    label: evalTargetLabel(run),
    versionId: run.versionId,
    evalRunId: run.id,
    passRate: run.total > 0 ? run.passed / run.total : 0,
    total: run.total,
    createdAt: run.createdAt,
  }));
}
