import type { ExpectationResult } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import { evalWords } from '../test-words';
import { failedFirst, failureSummary, inCaseOrder } from './result-order';

const { t } = evalWords('en');

const result = (message: string, passed: boolean): ExpectationResult => ({
  kind: 'contains',
  passed,
  message,
});

describe('result ordering', () => {
  it('puts results in case order whatever order they finished in', () => {
    expect(inCaseOrder([{ position: 2 }, { position: 0 }, { position: 1 }])).toEqual([
      { position: 0 },
      { position: 1 },
      { position: 2 },
    ]);
  });

  it('lists failed expectations first, each group in its written order', () => {
    const ordered = failedFirst([
      result('a', true),
      result('b', false),
      result('c', true),
      result('d', false),
    ]);
    expect(ordered.map((item) => item.message)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('summarises a case: failures, all met, no expectations, or could not run', () => {
    expect(
      failureSummary(
        { passed: false, error: null, expectations: [result('a', false), result('b', true)] },
        t,
      ),
    ).toBe('1 of 2 expectations failed');
    expect(failureSummary({ passed: true, error: null, expectations: [result('a', true)] }, t)).toBe(
      '1 of 1 expectation met',
    );
    expect(failureSummary({ passed: true, error: null, expectations: [] }, t)).toBe(
      'No expectations: ran without error',
    );
    expect(failureSummary({ passed: false, error: 'provider down', expectations: [] }, t)).toBe(
      'Could not run',
    );
  });

  it('summarises a case in Chinese', () => {
    const zh = evalWords('zh-CN').t;
    const mixed = { passed: false, error: null, expectations: [result('a', false), result('b', true)] };
    expect(failureSummary(mixed, zh)).toBe('2条期望中有1条未满足');
    expect(failureSummary({ passed: true, error: null, expectations: [result('a', true)] }, zh)).toBe(
      '1条期望全部满足',
    );
    expect(failureSummary({ passed: false, error: 'x', expectations: [] }, zh)).toBe('无法运行');
  });
});
