import type { ExpectationResult } from '@agentry/engine/evals';
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
export function failureSummary(row: Pick<EvalResultRow, 'passed' | 'error' | 'expectations'>): string {
  if (row.error) return 'Could not run';
  const failed = row.expectations.filter((item) => !item.passed).length;
  const total = row.expectations.length;
  if (total === 0) return row.passed ? 'No expectations: ran without error' : 'Failed';
  if (failed === 0) return `${total} of ${total} expectation${total === 1 ? '' : 's'} met`;
  return `${failed} of ${total} expectation${total === 1 ? '' : 's'} failed`;
}
