import { EXPECTATION_KINDS, expectationSchemas } from '@agentry/engine/evals';
import { describe, expect, it } from 'vitest';
import { expectationKindInfo, kindLabel } from './expectation-kinds';
import { evalWords } from './test-words';

describe('expectation kinds in the editor', () => {
  it('lists every kind of the case format once, each with a name and the format’s own description', () => {
    const { t } = evalWords('en');
    const info = expectationKindInfo(t);
    expect(info.map((item) => item.kind)).toEqual(EXPECTATION_KINDS);
    for (const item of info) {
      expect(item.label.length).toBeGreaterThan(0);
      expect(item.description, item.kind).toBe(expectationSchemas[item.kind].description);
    }
    expect(kindLabel('contains', t)).toBe('Contains');
  });

  it('names and describes every kind in Chinese', () => {
    const { t } = evalWords('zh-CN');
    const english = expectationKindInfo(evalWords('en').t);
    expectationKindInfo(t).forEach((item, index) => {
      expect(item.label).not.toBe(english[index]?.label);
      expect(item.description, item.kind).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(kindLabel('contains', t)).toBe('包含');
  });
});
