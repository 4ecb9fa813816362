import { describe, expect, it } from 'vitest';
import { findCycles, reachableFrom } from './graph-topology';

describe('findCycles', () => {
  it('finds loops and self-loops but not diamonds', () => {
    // 0 -> 1 -> 2 -> 0 is a loop; 3 -> 3 loops on itself; 4 -> 5, 4 -> 6, 5 -> 7, 6 -> 7 is a diamond.
    const successors = [[1], [2], [0], [3], [5, 6], [7], [7], []];
    expect(findCycles(8, successors)).toEqual([[0, 1, 2], [3]]);
  });

  it('handles a 2,000-node chain without recursion', () => {
    const successors = Array.from({ length: 2000 }, (_, index) => (index < 1999 ? [index + 1] : [0]));
    expect(findCycles(2000, successors)[0]).toHaveLength(2000);
  });
});

describe('reachableFrom', () => {
  it('follows edges forward only', () => {
    expect([...reachableFrom([1], [[1], [2], [], [1]])].sort()).toEqual([1, 2]);
  });
});
