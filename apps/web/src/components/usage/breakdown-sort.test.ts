import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER, nextOrder, sortRows } from './breakdown-sort';
import type { UsageRow } from './usage-types';

function row(label: string, runs: number, costUsd: number | null): UsageRow {
  return {
    key: label,
    label,
    runs,
    failures: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd,
    firstTokenMs: null,
    durationMs: null,
  };
}

const rows = [row('b', 5, 0.2), row('a', 5, null), row('c', 9, 0.01), row('d', 1, 1.5)];
const labels = (sorted: UsageRow[]) => sorted.map((each) => each.label);

describe('breakdown order', () => {
  it('puts the most runs first, ties by label', () => {
    expect(labels(sortRows(rows, DEFAULT_ORDER))).toEqual(['c', 'a', 'b', 'd']);
    expect(labels(sortRows(rows, { key: 'runs', direction: 'asc' }))).toEqual(['d', 'a', 'b', 'c']);
  });

  it('sorts by cost either way with unknown costs last', () => {
    expect(labels(sortRows(rows, { key: 'cost', direction: 'desc' }))).toEqual(['d', 'b', 'c', 'a']);
    expect(labels(sortRows(rows, { key: 'cost', direction: 'asc' }))).toEqual(['c', 'b', 'd', 'a']);
  });

  it('leaves the input alone', () => {
    sortRows(rows, { key: 'cost', direction: 'asc' });
    expect(labels(rows)).toEqual(['b', 'a', 'c', 'd']);
  });

  it('flips the clicked column and starts another one descending', () => {
    expect(nextOrder(DEFAULT_ORDER, 'runs')).toEqual({ key: 'runs', direction: 'asc' });
    expect(nextOrder({ key: 'runs', direction: 'asc' }, 'runs')).toEqual({ key: 'runs', direction: 'desc' });
    expect(nextOrder(DEFAULT_ORDER, 'cost')).toEqual({ key: 'cost', direction: 'desc' });
  });
});
