import { describe, expect, it } from 'vitest';
import { evalWords } from '../test-words';
import { isFinalStatus, runProgress, statusText } from './run-progress';

const { t } = evalWords('en');
const zh = evalWords('zh-CN').t;

describe('runProgress', () => {
  it('counts finished cases while a run goes on', () => {
    expect(runProgress({ status: 'running', passed: 2, failed: 1, total: 10 }, t)).toEqual({
      passed: 2,
      failed: 1,
      total: 10,
      finished: 3,
      percent: 30,
      final: false,
      label: '3 of 10 cases: 2 passed, 1 failed',
    });
    expect(runProgress({ status: 'queued', passed: 0, failed: 0, total: 1 }, t).label).toBe(
      'Queued: 1 case waiting to run',
    );
  });

  it('reads a finished, cancelled or interrupted run', () => {
    const done = runProgress({ status: 'done', passed: 12, failed: 1, total: 13 }, t);
    expect(done).toMatchObject({ final: true, percent: 100, label: '12/13 passed' });
    const cancelled = runProgress({ status: 'cancelled', passed: 1, failed: 1, total: 4 }, t);
    expect(cancelled).toMatchObject({ final: true, percent: 50 });
    expect(cancelled.label).toBe('Cancelled after 2 of 4: 1 passed, 1 failed');
    expect(runProgress({ status: 'interrupted', passed: 0, failed: 0, total: 3 }, t).label).toBe(
      'Interrupted after 0 of 3: 0 passed, 0 failed',
    );
  });

  it('says the progress in Chinese', () => {
    expect(runProgress({ status: 'running', passed: 2, failed: 1, total: 10 }, zh).label).toBe(
      '3/10个用例：2个通过，1个失败',
    );
    expect(runProgress({ status: 'done', passed: 12, failed: 1, total: 13 }, zh).label).toBe('12/13通过');
    expect(runProgress({ status: 'cancelled', passed: 1, failed: 1, total: 4 }, zh).label).toBe(
      '已取消：已完成2/4，1个通过，1个失败',
    );
    expect(statusText('done', zh)).toBe('已完成');
    expect(statusText('done', t)).toBe('finished');
    expect(statusText('paused', zh)).toBe('paused');
  });

  it('never shows more than the whole, and an empty finished run as complete', () => {
    expect(runProgress({ status: 'running', passed: 5, failed: 2, total: 6 }, t).percent).toBe(100);
    expect(runProgress({ status: 'done', passed: 0, failed: 0, total: 0 }, t).percent).toBe(100);
    expect(runProgress({ status: 'running', passed: 0, failed: 0, total: 0 }, t).percent).toBe(0);
  });

  it('knows which statuses are final (polling stops there)', () => {
    expect(['done', 'failed', 'cancelled', 'interrupted'].every(isFinalStatus)).toBe(true);
    expect(['queued', 'running'].some(isFinalStatus)).toBe(false);
  });
});
