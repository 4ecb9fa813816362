import { describe, expect, it } from 'vitest';
import { runDisabledReason } from './run-disabled-reason';

describe('runDisabledReason', () => {
  it('explains why a viewer or an agent without cases cannot run, and lets an editor with cases run', () => {
    expect(runDisabledReason(false, 3)).toMatch(/editor role/);
    expect(runDisabledReason(true, 0)).toMatch(/Add a test case first/);
    expect(runDisabledReason(false, 0)).toMatch(/editor role/);
    expect(runDisabledReason(true, 1)).toBeNull();
  });
});
