import { describe, expect, it } from 'vitest';
import { changeText, draftResultText, nameList, type PublishCheckRun } from './publish-check';

const now = new Date('2026-12-06T12:00:00Z');
const run = (over: Partial<PublishCheckRun> = {}): PublishCheckRun => ({
  status: 'done',
  passed: 12,
  total: 13,
  versionId: null,
  version: null,
  draftRevision: 7,
  createdAt: '2026-12-06T11:54:00Z',
  finishedAt: '2026-12-06T11:55:00Z',
  ...over,
});

describe('the publish dialog’s test summary', () => {
  it('says how the draft did and when, or that it was not tested', () => {
    expect(draftResultText(run(), now)).toBe('12/13 passing, run 5 min ago.');
    expect(draftResultText(null, now)).toBe('No tests run on this draft.');
    expect(draftResultText(run({ status: 'interrupted', passed: 3 }), now)).toBe(
      '3/13 passing (the run was interrupted), run 5 min ago.',
    );
  });

  it('names what changes against the published version', () => {
    const published = run({ versionId: 'v', version: 3, draftRevision: null });
    expect(changeText({ draft: run(), published, newlyFailing: ['a', 'b'], newlyPassing: ['c'] })).toBe(
      'Against v3: newly failing: a, b; newly passing: c.',
    );
    expect(changeText({ draft: run(), published, newlyFailing: [], newlyPassing: ['c'] })).toBe(
      'Against v3: newly passing: c.',
    );
    expect(changeText({ draft: run(), published, newlyFailing: [], newlyPassing: [] })).toBe(
      'Same results as v3.',
    );
    expect(changeText({ draft: run(), published: null, newlyFailing: [], newlyPassing: [] })).toMatch(
      /no finished test run/,
    );
    expect(changeText({ draft: null, published, newlyFailing: [], newlyPassing: [] })).toBeNull();
  });

  it('shortens long name lists', () => {
    expect(nameList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
    expect(nameList(['a'])).toBe('a');
  });
});
