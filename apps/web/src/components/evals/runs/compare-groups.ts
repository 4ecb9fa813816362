import type { CaseChange, ComparisonRow, EvalRunSummary } from './eval-types';

/** A section of the comparison: the cases that changed the same way. */
export interface ComparisonGroup<Row extends ComparisonRow = ComparisonRow> {
  change: CaseChange;
  title: string;
  rows: Row[];
  /** Unchanged cases are folded away by default. */
  folded: boolean;
}

const GROUPS: { change: CaseChange; title: string; folded: boolean }[] = [
  { change: 'newly-failing', title: 'Newly failing', folded: false },
  { change: 'newly-passing', title: 'Newly passing', folded: false },
  { change: 'answer-changed', title: 'Answer changed', folded: false },
  { change: 'only-a', title: 'Only in the earlier run', folded: false },
  { change: 'only-b', title: 'Only in the later run', folded: false },
  { change: 'same', title: 'Unchanged', folded: true },
];

/**
 * The rows of `evals.compare` grouped by how they changed, in the order a reviewer reads them (regressions
 * first, unchanged last); empty groups are left out. A change this version does not know joins "Unchanged"
 * rather than disappear.
 */
export function groupComparison<Row extends ComparisonRow>(rows: readonly Row[]): ComparisonGroup<Row>[] {
  const known = new Set<string>(GROUPS.map((group) => group.change));
  return GROUPS.map((group) => ({
    ...group,
    rows: rows.filter((row) =>
      group.change === 'same' ? row.change === 'same' || !known.has(row.change) : row.change === group.change,
    ),
  })).filter((group) => group.rows.length > 0);
}

/** Two picked runs as `compare` wants them: the earlier one is `a`, so "newly passing" reads forwards. */
export function comparisonOrder<Run extends Pick<EvalRunSummary, 'id' | 'createdAt'>>(
  first: Run,
  second: Run,
): { a: Run; b: Run } {
  const older = new Date(first.createdAt).getTime() <= new Date(second.createdAt).getTime();
  return older ? { a: first, b: second } : { a: second, b: first };
}
