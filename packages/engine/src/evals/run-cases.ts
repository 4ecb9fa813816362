import { RunAbortedError } from '../errors';
import { type CaseOutcome, type CaseResult, EVAL_LIMITS, type EvalCase } from './case-format';
import { evaluateCase } from './check-expectations';
import type { JudgeFor } from './judge';

/** How to run a list of cases: the host runs one case (in memory, or as a recorded run). */
export interface RunEvalCasesOptions {
  cases: readonly EvalCase[];
  /** Cases at the same time, 1 to EVAL_LIMITS.maxConcurrency. */
  concurrency: number;
  runCase: (
    evalCase: EvalCase,
    index: number,
    signal: AbortSignal,
  ) => Promise<{ outcome: CaseOutcome; runId?: string }>;
  judgeFor: JudgeFor;
  signal?: AbortSignal;
  /** Each result as it comes (not in case order); a throw stops the eval and rejects it. */
  onResult?: (result: CaseResult, index: number) => void | Promise<void>;
}

/** The outcome of a case that never produced one. */
function emptyOutcome(error: string): CaseOutcome {
  return {
    status: 'failed',
    answer: '',
    error,
    toolCalls: [],
    branches: [],
    sources: [],
    latencyMs: 0,
    tokens: { input: 0, output: 0 },
  };
}

/** The concurrency to use: a whole number between 1 and the limit. */
export function clampConcurrency(concurrency: number): number {
  if (!Number.isFinite(concurrency)) return 1;
  return Math.min(EVAL_LIMITS.maxConcurrency, Math.max(1, Math.floor(concurrency)));
}

/**
 * Runs cases through a pool of at most `concurrency` at a time and checks each; the results come back
 * in case order. A case whose run throws gets `error` and the others go on. Aborting `signal` stops
 * starting cases, aborts the running ones and rejects with the signal's reason.
 */
export async function runEvalCases(options: RunEvalCasesOptions): Promise<CaseResult[]> {
  const { cases, runCase, judgeFor, onResult } = options;
  const controller = new AbortController();
  const stop = () =>
    controller.abort(options.signal?.reason ?? new RunAbortedError('The eval was cancelled.'));
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });
  const { signal } = controller;
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let fatal: { error: unknown } | undefined;

  const runOne = async (index: number): Promise<CaseResult> => {
    const evalCase = cases[index]!;
    try {
      const run = await runCase(evalCase, index, signal);
      return await evaluateCase(evalCase, run, { judgeFor, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return {
        name: evalCase.name,
        passed: false,
        error: message,
        expectations: [],
        outcome: emptyOutcome(message),
      };
    }
  };

  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < cases.length) {
      const index = next++;
      try {
        const result = await runOne(index);
        results[index] = result;
        await onResult?.(result, index);
      } catch (error) {
        fatal ??= { error };
        controller.abort(error);
      }
    }
  };

  try {
    const workers = Math.min(clampConcurrency(options.concurrency), cases.length);
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  if (options.signal?.aborted) throw options.signal.reason ?? new RunAbortedError('The eval was cancelled.');
  if (fatal) throw fatal.error;
  return results;
}
