import type { UsageRow } from './usage-types';

/** The columns a breakdown table sorts by. */
export type SortKey = 'runs' | 'cost';

/** A breakdown table's order: a column and a direction. */
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}

/** The order a table opens in: most runs first. */
export const DEFAULT_ORDER: SortOrder = { key: 'runs', direction: 'desc' };

/**
 * Rows ordered by runs or cost. An unknown cost (null) goes last in both directions, since it is not
 * "cheapest" or "dearest"; ties fall back to the label so the order is stable between refreshes.
 */
export function sortRows(rows: readonly UsageRow[], order: SortOrder): UsageRow[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...rows].sort((left, right) => {
    if (order.key === 'cost') {
      if (left.costUsd === null || right.costUsd === null) {
        if (left.costUsd !== right.costUsd) return left.costUsd === null ? 1 : -1;
      } else if (left.costUsd !== right.costUsd) {
        return sign * (left.costUsd - right.costUsd);
      }
    } else if (left.runs !== right.runs) {
      return sign * (left.runs - right.runs);
    }
    return left.label.localeCompare(right.label);
  });
}

/** The order after a click on a column header: the same column flips, another one starts descending. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key !== key) return { key, direction: 'desc' };
  return { key, direction: current.direction === 'desc' ? 'asc' : 'desc' };
}
