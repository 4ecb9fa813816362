import { describe, expect, it } from 'vitest';
import { describeCron } from './cron-text';

describe('describeCron', () => {
  it('reads 5 and 6 field expressions and explains what is wrong with others', () => {
    expect(describeCron('0 8 * * 1-5')).toEqual({ text: 'At 08:00, Monday through Friday' });
    expect('text' in describeCron('*/5 * * * * *')).toBe(true);
    expect(describeCron('0 8 * *')).toEqual({ problem: { kind: 'fields', fields: 4 } });
    expect(describeCron('  ')).toEqual({ problem: { kind: 'empty' } });
    const wrong = describeCron('99 * * * *');
    expect('problem' in wrong && wrong.problem.kind).toBe('invalid');
  });

  it('describes schedules in Chinese on a Chinese page', () => {
    expect(describeCron('0 8 * * 1-5', 'zh-CN')).toEqual({ text: '在08:00, 星期一至星期五' });
    expect(describeCron('*/3 * * * * *', 'zh-CN')).toEqual({ text: '每隔 3 秒' });
  });
});
