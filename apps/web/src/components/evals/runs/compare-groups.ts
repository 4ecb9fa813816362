import type { EvalsT } from '../words';
import type { CaseChange, ComparisonRow, EvalRunSummary } from './eval-types';

/** A section of the comparison: the cases that changed the same way. */
export interface ComparisonGroup<Row extends ComparisonRow = ComparisonRow> {
  change: CaseChange;
  title: string;
  rows: Row[];
  /** Unchanged cases are folded away by default. */
  folded: boolean;
}

/** The groups in reading order, each with its title's key in `evals.compare.groups`. */
const GROUPS = [
  { change: 'newly-failing', key: 'newlyFailing', folded: false },
  { change: 'newly-passing', key: 'newlyPassing', folded: false },
  { change: 'answer-changed', key: 'answerChanged', folded: false },
  { change: 'only-a', key: 'onlyA', folded: false },
  { change: 'only-b', key: 'onlyB', folded: false },
  { change: 'same', key: 'same', folded: true },
] as const satisfies readonly { change: CaseChange; key: string; folded: boolean }[];

/**
 * The rows of `evals.compare` grouped by how they changed, in the order a reviewer reads them (regressions
 * first, unchanged last), titled in the language of `t`; empty groups are left out. A change this version
 * does not know joins "Unchanged" rather than disappear.
 */
export function groupComparison<Row extends ComparisonRow>(
  rows: readonly Row[],
  t: EvalsT,
): ComparisonGroup<Row>[] {
  const known = new Set<string>(GROUPS.map((group) => group.change));
  return GROUPS.map(({ change, key, folded }) => ({
    change,
    title: t(`compare.groups.${key}`),
    folded,
    rows: rows.filter((row) =>
      change === 'same' ? row.change === 'same' || !known.has(row.change) : row.change === change,
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
