import { describe, expect, it } from 'vitest';
import { comparisonOrder, groupComparison } from './compare-groups';
import type { ComparisonRow } from './eval-types';
import { evalWords } from '../test-words';

const { t } = evalWords('en');

const row = (name: string, change: string): ComparisonRow => ({ name, caseId: name, change });

describe('groupComparison', () => {
  it('groups regressions first, unchanged last and folded, and leaves out empty groups', () => {
    const groups = groupComparison(
      [
        row('same one', 'same'),
        row('fixed', 'newly-passing'),
        row('broke', 'newly-failing'),
        row('reworded', 'answer-changed'),
        row('fixed too', 'newly-passing'),
      ],
      t,
    );
    expect(groups.map((group) => [group.title, group.rows.map((item) => item.name), group.folded])).toEqual([
      ['Newly failing', ['broke'], false],
      ['Newly passing', ['fixed', 'fixed too'], false],
      ['Answer changed', ['reworded'], false],
      ['Unchanged', ['same one'], true],
    ]);
  });

  it('keeps cases found in one run only, and an unknown change as unchanged rather than lose it', () => {
    const groups = groupComparison(
      [row('new case', 'only-b'), row('gone', 'only-a'), row('odd', 'renamed')],
      t,
    );
    expect(groups.map((group) => [group.change, group.rows.map((item) => item.name)])).toEqual([
      ['only-a', ['gone']],
      ['only-b', ['new case']],
      ['same', ['odd']],
    ]);
  });

  it('titles the groups in Chinese', () => {
    const zh = evalWords('zh-CN').t;
    const groups = groupComparison([row('broke', 'newly-failing'), row('same one', 'same')], zh);
    expect(groups.map((group) => group.title)).toEqual(['新失败', '无变化']);
  });
});

describe('comparisonOrder', () => {
  it('compares the earlier run (a) with the later one (b), whichever was picked first', () => {
    type Run = { id: string; createdAt: Date | string };
    const early: Run = { id: 'early', createdAt: new Date('2026-12-01T10:00:00Z') };
    const late: Run = { id: 'late', createdAt: '2026-12-02T10:00:00Z' };
    expect(comparisonOrder(late, early)).toEqual({ a: early, b: late });
    expect(comparisonOrder(early, late)).toEqual({ a: early, b: late });
  });
});
