import { describe, expect, it } from 'vitest';
import { evalWords } from '../test-words';
import { runDisabledReason } from './run-disabled-reason';

describe('runDisabledReason', () => {
  it('explains why a viewer or an agent without cases cannot run, and lets an editor with cases run', () => {
    const { t } = evalWords('en');
    expect(runDisabledReason(false, 3, t)).toMatch(/editor role/);
    expect(runDisabledReason(true, 0, t)).toMatch(/Add a test case first/);
    expect(runDisabledReason(false, 0, t)).toMatch(/editor role/);
    expect(runDisabledReason(true, 1, t)).toBeNull();
  });

  it('explains it in Chinese', () => {
    const { t } = evalWords('zh-CN');
    expect(runDisabledReason(false, 3, t)).toMatch(/编辑者角色/);
    expect(runDisabledReason(true, 0, t)).toMatch(/^请先添加测试用例/);
  });
});
