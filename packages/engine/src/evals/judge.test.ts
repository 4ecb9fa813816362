import { describe, expect, it } from 'vitest';
import { offlineJudge, quotedPhrases, rubricWords } from './judge';

const judge = (rubric: string, answer: string) => offlineJudge({ rubric, input: 'q', answer });

describe('offline judge', () => {
  it('with quoted phrases, every phrase must appear (ignoring case); the reason lists found and missing', async () => {
    expect(
      quotedPhrases(`Says "30 days" and ‘pro rata’, “store credit” and 'refund'; don't count it's`),
    ).toEqual(['30 days', 'pro rata', 'store credit', 'refund']);
    const pass = await judge('Must say "30 DAYS" and “pro rata”', 'Within 30 days, refunded pro rata.');
    expect(pass).toEqual({
      pass: true,
      reason: 'Offline judge (no model): quoted phrases found: "30 DAYS", "pro rata"; missing: none.',
      by: 'offline judge',
      offline: true,
    });
    const fail = await judge('Must say "30 days" and "store credit"', 'Within 30 days.');
    expect(fail.pass).toBe(false);
    expect(fail.reason).toBe(
      'Offline judge (no model): quoted phrases found: "30 days"; missing: "store credit".',
    );
  });

  it('without quotes, at least half of the content words must appear', async () => {
    expect(rubricWords('The answer should mention the refund window and the receipt')).toEqual([
      'refund',
      'window',
      'receipt',
    ]);
    const pass = await judge(
      'The answer should mention the refund window and the receipt',
      'Refund window: 30 days.',
    );
    expect(pass.pass).toBe(true);
    expect(pass.reason).toBe(
      'Offline judge (no model): 2 of 3 rubric words found (2 needed); found: "refund", "window"; missing: "receipt".',
    );
    const fail = await judge(
      'The answer should mention the refund window and the receipt',
      'Keep your receipt.',
    );
    expect(fail.pass).toBe(false);
    const empty = await judge('It should be ok', 'Hello');
    expect(empty.pass).toBe(false);
    expect(empty.reason).toMatch(/^Offline judge \(no model\): the rubric has no quoted phrases/);
  });
});
