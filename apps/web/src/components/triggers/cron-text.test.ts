import { describe, expect, it } from 'vitest';
import { describeCron } from './cron-text';

describe('describeCron', () => {
  it('reads 5 and 6 field expressions and explains what is wrong with others', () => {
    expect(describeCron('0 8 * * 1-5')).toEqual({ text: 'At 08:00, Monday through Friday' });
    expect('text' in describeCron('*/5 * * * * *')).toBe(true);
    expect(describeCron('0 8 * *')).toEqual({
      error: 'A cron expression has 5 fields (or 6, seconds first); this one has 4.',
    });
    expect('error' in describeCron('99 * * * *')).toBe(true);
  });
});
