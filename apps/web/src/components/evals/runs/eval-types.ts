import type { CaseOutcome, EvalCase, ExpectationResult, JudgeModel } from '@agentry/engine/evals';

// The shapes of the `evals` router's answers that this folder reads (docs: the evals API surface). Kept
// structural, and only as wide as the panel needs, so the framework-free helpers and their tests do not
// depend on the router's inferred types.

/** How an eval run stands: queued → running → done | failed | cancelled | interrupted (server stopped). */
export type EvalRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** One eval run as `evals.getRun`, `listRuns` and `compare` describe it. */
export interface EvalRunSummary {
  id: string;
  agentId: string;
  status: EvalRunStatus | (string & {});
  total: number;
  passed: number;
  failed: number;
  /** Null: the draft at `draftRevision`. */
  versionId: string | null;
  version: number | null;
  draftRevision: number | null;
  concurrency: number;
  judge: JudgeModel | null;
  error: string | null;
  createdAt: Date | string;
  finishedAt: Date | string | null;
}

/** One case's result within an eval run. */
export interface EvalResultRow {
  position: number;
  caseId: string | null;
  case: EvalCase;
  runId: string | null;
  passed: boolean;
  error: string | null;
  expectations: ExpectationResult[];
  answer: string;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  outcome?: CaseOutcome | null;
}

/** How a case changed between two eval runs (`evals.compare`). */
export type CaseChange = 'newly-failing' | 'newly-passing' | 'answer-changed' | 'same' | 'only-a' | 'only-b';

/** One row of `evals.compare`: a case matched across the two runs. */
export interface ComparisonRow {
  name: string;
  caseId: string | null;
  a?: EvalResultRow | null;
  b?: EvalResultRow | null;
  change: CaseChange | (string & {});
}

/** One point of `evals.passRates`: the latest finished run of a version or a draft revision. */
export interface PassRatePoint {
  label: string;
  evalRunId: string;
  /** 0…1. */
  passRate: number;
  total: number;
  createdAt: Date | string;
}
