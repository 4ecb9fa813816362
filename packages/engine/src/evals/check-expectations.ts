import {
  type CaseOutcome,
  type CaseResult,
  type EvalCase,
  type Expectation,
  type ExpectationResult,
  expectationKind,
} from './case-format';
import type { JudgeFor } from './judge';
import {
  checkBranch,
  checkCites,
  checkCost,
  checkLatency,
  checkTokens,
  checkToolCalled,
  checkToolNotCalled,
} from './run-checks';
import { checkContains, checkEquals, checkNotContains, checkRegex, type Verdict } from './text-checks';

type Of<K extends string> = Extract<Expectation, Record<K, unknown>>;

/** What checking needs besides the outcome: the case's input (for the judge) and where judges come from. */
export interface CheckContext {
  input: EvalCase['input'];
  judgeFor: JudgeFor;
  signal?: AbortSignal;
}

/** Asks the judge; a judge that cannot answer fails the expectation with its reason (not the case). */
async function checkJudge(
  expectation: Of<'judge'>,
  outcome: CaseOutcome,
  context: CheckContext,
): Promise<ExpectationResult> {
  try {
    const judge = await context.judgeFor(expectation.model);
    const verdict = await judge({
      rubric: expectation.judge,
      input: context.input,
      answer: outcome.answer,
      signal: context.signal,
    });
    return {
      kind: 'judge',
      passed: verdict.pass,
      // The offline judge's reason already names it; a model's reason gets the model's name.
      message: verdict.offline ? verdict.reason : `${verdict.by}: ${verdict.reason}`,
      judge: { reason: verdict.reason, by: verdict.by, offline: verdict.offline },
    };
  } catch (error) {
    if (context.signal?.aborted) throw context.signal.reason ?? error;
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'judge', passed: false, message: `The judge gave no verdict: ${message}` };
  }
}

/** `jsonSchema` expectations, loaded with Ajv the first time one is checked (see json-schema-check.ts). */
let jsonSchemaCheck: Promise<typeof import('./json-schema-check')> | undefined;

function checkSync(expectation: Expectation, outcome: CaseOutcome): Verdict {
  const { answer } = outcome;
  if ('contains' in expectation) return checkContains(expectation, answer);
  if ('notContains' in expectation) return checkNotContains(expectation, answer);
  if ('equals' in expectation) return checkEquals(expectation, answer);
  if ('regex' in expectation) return checkRegex(expectation, answer);
  if ('toolCalled' in expectation) return checkToolCalled(expectation, outcome);
  if ('toolNotCalled' in expectation) return checkToolNotCalled(expectation, outcome);
  if ('branch' in expectation) return checkBranch(expectation, outcome);
  if ('cites' in expectation) return checkCites(expectation, outcome);
  if ('maxLatencyMs' in expectation) return checkLatency(expectation, outcome);
  if ('maxTokens' in expectation) return checkTokens(expectation, outcome);
  if ('maxCostUsd' in expectation) return checkCost(expectation, outcome);
  throw new Error(`No check for expectation ${JSON.stringify(expectation)}.`);
}

/** Checks each expectation against what the run did, in order (judges are asked one after another). */
export async function checkExpectations(
  expect: readonly Expectation[],
  outcome: CaseOutcome,
  context: CheckContext,
): Promise<ExpectationResult[]> {
  const results: ExpectationResult[] = [];
  for (const expectation of expect) {
    if ('judge' in expectation) {
      results.push(await checkJudge(expectation, outcome, context));
      continue;
    }
    if ('jsonSchema' in expectation) {
      jsonSchemaCheck ??= import('./json-schema-check');
      const { checkJsonSchema } = await jsonSchemaCheck;
      results.push({ kind: 'jsonSchema', ...checkJsonSchema(expectation, outcome.answer) });
      continue;
    }
    results.push({ kind: expectationKind(expectation), ...checkSync(expectation, outcome) });
  }
  return results;
}

/** Why a run that did not finish with an answer cannot be checked. */
function runProblem(outcome: CaseOutcome): string | undefined {
  if (outcome.status === 'failed') return outcome.error ?? 'The run failed.';
  if (outcome.status === 'waiting') {
    return `${outcome.error ?? 'The run stopped to wait for a person.'} Cases need runs that finish without a person.`;
  }
  return undefined;
}

/**
 * A case's result: a run that failed or waits is an error (its expectations are not checked: judging a
 * half answer would only spend tokens); otherwise it passes when every expectation does.
 */
export async function evaluateCase(
  evalCase: EvalCase,
  run: { outcome: CaseOutcome; runId?: string },
  context: { judgeFor: JudgeFor; signal?: AbortSignal },
): Promise<CaseResult> {
  const { outcome, runId } = run;
  const base = { name: evalCase.name, outcome, ...(runId === undefined ? {} : { runId }) };
  const problem = runProblem(outcome);
  if (problem !== undefined) return { ...base, passed: false, error: problem, expectations: [] };
  const expectations = await checkExpectations(evalCase.expect, outcome, {
    input: evalCase.input,
    judgeFor: context.judgeFor,
    signal: context.signal,
  });
  return { ...base, passed: expectations.every((result) => result.passed), expectations };
}
