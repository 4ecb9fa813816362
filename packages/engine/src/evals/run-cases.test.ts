import { describe, expect, it } from 'vitest';
import { RunAbortedError } from '../errors';
import { deferred } from '../testing/deferred';
import { type CaseOutcome, type CaseResult, evalCaseSchema } from './case-format';
import { offlineJudge } from './judge';
import { clampConcurrency, runEvalCases } from './run-cases';

const cases = ['one', 'two', 'three', 'four', 'five'].map((name) =>
  evalCaseSchema.parse({ name, input: name, expect: [{ contains: name }] }),
);

function answered(answer: string): { outcome: CaseOutcome } {
  return {
    outcome: {
      status: 'done',
      answer,
      toolCalls: [],
      branches: [],
      sources: [],
      latencyMs: 1,
      tokens: { input: 1, output: 1 },
    },
  };
}

const judgeFor = () => offlineJudge;

describe('runEvalCases', () => {
  it('runs at most `concurrency` cases at a time and returns results in case order', async () => {
    let running = 0;
    let most = 0;
    const seen: [string, number][] = [];
    const results = await runEvalCases({
      cases,
      concurrency: 2,
      judgeFor,
      runCase: async (evalCase, index) => {
        running++;
        most = Math.max(most, running);
        // Later cases finish first, so completion order differs from case order.
        await new Promise((resolve) => setTimeout(resolve, (5 - index) * 3));
        running--;
        return {
          ...answered(evalCase.name === 'three' ? 'nope' : `answer ${evalCase.name}`),
          runId: `run-${index}`,
        };
      },
      onResult: (result, index) => {
        seen.push([result.name, index]);
      },
    });
    expect(most).toBe(2);
    expect(results.map((result) => [result.name, result.passed, result.runId])).toEqual([
      ['one', true, 'run-0'],
      ['two', true, 'run-1'],
      ['three', false, 'run-2'],
      ['four', true, 'run-3'],
      ['five', true, 'run-4'],
    ]);
    expect(seen.map(([, index]) => index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(clampConcurrency(0)).toBe(1);
    expect(clampConcurrency(50)).toBe(10);
    expect(clampConcurrency(Number.NaN)).toBe(1);
  });

  it('a case whose run throws gets an error and the others go on', async () => {
    const results = await runEvalCases({
      cases: cases.slice(0, 3),
      concurrency: 1,
      judgeFor,
      runCase: async (evalCase) => {
        if (evalCase.name === 'two') throw new Error('The model provider refused the key.');
        return answered(evalCase.name);
      },
    });
    expect(results.map((result) => [result.passed, result.error])).toEqual([
      [true, undefined],
      [false, 'The model provider refused the key.'],
      [true, undefined],
    ]);
    expect(results[1]!.outcome).toMatchObject({
      status: 'failed',
      error: 'The model provider refused the key.',
    });
  });

  it('aborting stops starting cases, aborts the running ones and rejects', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const gate = deferred();
    const recorded: CaseResult[] = [];
    const eval_ = runEvalCases({
      cases,
      concurrency: 2,
      judgeFor,
      signal: controller.signal,
      runCase: async (evalCase, _index, signal) => {
        started.push(evalCase.name);
        if (evalCase.name === 'one') return answered('one');
        gate.resolve();
        await new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
        return answered('never');
      },
      onResult: (result) => {
        recorded.push(result);
      },
    });
    await gate.promise;
    controller.abort(new RunAbortedError('Cancelled by the test.'));
    await expect(eval_).rejects.toThrow('Cancelled by the test.');
    expect(recorded.map((result) => result.name)).toEqual(['one']);
    expect(started.length).toBeLessThanOrEqual(3);
  });

  it('a failing onResult (the host could not record) stops the eval and rejects with its error', async () => {
    await expect(
      runEvalCases({
        cases,
        concurrency: 1,
        judgeFor,
        runCase: async (evalCase) => answered(evalCase.name),
        onResult: () => {
          throw new Error('database is gone');
        },
      }),
    ).rejects.toThrow('database is gone');
  });
});
