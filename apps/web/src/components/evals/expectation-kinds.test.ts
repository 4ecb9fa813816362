import { EXPECTATION_KINDS } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import { EXPECTATION_KIND_INFO } from './expectation-kinds';

describe('expectation kinds in the editor', () => {
  it('lists every kind of the case format once, each with a name and a description', () => {
    expect(EXPECTATION_KIND_INFO.map((info) => info.kind)).toEqual(EXPECTATION_KINDS);
    for (const info of EXPECTATION_KIND_INFO) {
      expect(info.label.length).toBeGreaterThan(0);
      expect(info.description, info.kind).toMatch(/\w{3,}/);
    }
  });
});
