import type { ExpectationResult } from '@agentry/engine/evals';
import type { EvalsT } from '../words';
import type { EvalResultRow } from './eval-types';

/** Results in case order (the order of the Tests tab), whatever order they finished in. */
export function inCaseOrder<T extends Pick<EvalResultRow, 'position'>>(rows: readonly T[]): T[] {
  return [...rows].sort((left, right) => left.position - right.position);
}

/** A case's expectations with the failed ones first (each group keeps its written order). */
export function failedFirst(expectations: readonly ExpectationResult[]): ExpectationResult[] {
  return [...expectations.filter((item) => !item.passed), ...expectations.filter((item) => item.passed)];
}

/** How many of a case's expectations failed, for the row's summary ("2 of 5 expectations failed"). */
export function failureSummary(
  row: Pick<EvalResultRow, 'passed' | 'error' | 'expectations'>,
  t: EvalsT,
): string {
  if (row.error) return t('results.couldNotRun');
  const failed = row.expectations.filter((item) => !item.passed).length;
  const total = row.expectations.length;
  if (total === 0) return row.passed ? t('results.noExpectations') : t('results.failedCase');
  if (failed === 0) return t('results.allMet', { total });
  return t('results.someFailed', { failed, total });
}
