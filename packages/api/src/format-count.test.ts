import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count';

describe('formatCount', () => {
  it('groups digits as toLocaleString("en") does', () => {
    for (const value of [0, 7, 999, 1000, 12_000, 65_536, 1_000_000, 123_456_789, -4_200, 1234.5]) {
      expect(formatCount(value)).toBe(value.toLocaleString('en'));
    }
  });
});
