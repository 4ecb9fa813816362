import { describe, expect, it } from 'vitest';
import {
  CLOSED_PICKER,
  filterOptions,
  type PickerOption,
  type PickerState,
  pickerReducer,
  pickerRows,
  pickerSelection,
} from './picker-state';

const BASES: PickerOption[] = [
  { id: 'kb-1', name: 'Support handbook', detail: '12 documents' },
  { id: 'kb-2', name: 'Product manuals', detail: '3 documents' },
  { id: 'kb-3', name: 'Résumés', detail: 'No documents yet' },
  { id: 'kb-4', name: 'Handbook archive', detail: '1 document' },
];

const names = (options: readonly PickerOption[]) => options.map((option) => option.name);

describe('pickerSelection', () => {
  it('tells an empty field, a picked item, an id no list holds, and a list still loading apart', () => {
    expect(pickerSelection(undefined, BASES)).toEqual({ kind: 'none' });
    expect(pickerSelection('', BASES)).toEqual({ kind: 'none' });
    expect(pickerSelection(42, BASES)).toEqual({ kind: 'none' });
    expect(pickerSelection('kb-2', BASES)).toEqual({ kind: 'picked', option: BASES[1] });
    expect(pickerSelection('kb-deleted', BASES)).toEqual({ kind: 'missing', id: 'kb-deleted' });
    expect(pickerSelection('kb-deleted', [])).toEqual({ kind: 'missing', id: 'kb-deleted' });
    // Not judged before the list arrives: a slow answer must not flash "deleted".
    expect(pickerSelection('kb-2', undefined)).toEqual({ kind: 'loading', id: 'kb-2' });
  });
});

describe('filterOptions', () => {
  it('keeps the list order for an empty query', () => {
    expect(names(filterOptions(BASES, '  '))).toEqual(names(BASES));
  });

  it('matches every word in the name or the second line, ignoring case and accents; names starting with it first', () => {
    expect(names(filterOptions(BASES, 'handbook'))).toEqual(['Handbook archive', 'Support handbook']);
    expect(names(filterOptions(BASES, 'HAND sup'))).toEqual(['Support handbook']);
    expect(names(filterOptions(BASES, 'resume'))).toEqual(['Résumés']);
    expect(names(filterOptions(BASES, 'no documents'))).toEqual(['Résumés']);
    expect(filterOptions(BASES, 'kettle')).toEqual([]);
  });
});

describe('pickerRows', () => {
  it('offers None first when the field may be cleared and nothing is typed', () => {
    expect(pickerRows(BASES, '', true).map((row) => (row.kind === 'none' ? 'None' : row.option.id))).toEqual([
      'None',
      'kb-1',
      'kb-2',
      'kb-3',
      'kb-4',
    ]);
    expect(pickerRows(BASES, '', false)[0]).toEqual({ kind: 'option', option: BASES[0] });
    expect(pickerRows(BASES, 'manual', true)).toEqual([{ kind: 'option', option: BASES[1] }]);
    expect(pickerRows([], '', true)).toEqual([{ kind: 'none' }]);
  });
});

describe('pickerReducer', () => {
  const run = (state: PickerState, ...actions: Parameters<typeof pickerReducer>[1][]) =>
    actions.reduce(pickerReducer, state);

  it('opens on the current row, clamped to the list', () => {
    expect(pickerReducer(CLOSED_PICKER, { type: 'open', selectedRow: 2, rowCount: 5 })).toEqual({
      open: true,
      query: '',
      active: 2,
    });
    expect(pickerReducer(CLOSED_PICKER, { type: 'open', selectedRow: -1, rowCount: 5 }).active).toBe(0);
    expect(pickerReducer(CLOSED_PICKER, { type: 'open', selectedRow: 9, rowCount: 3 }).active).toBe(2);
    expect(pickerReducer(CLOSED_PICKER, { type: 'open', selectedRow: 0, rowCount: 0 }).active).toBe(-1);
  });

  it('moves with the arrows, wrapping at both ends', () => {
    const opened = pickerReducer(CLOSED_PICKER, { type: 'open', selectedRow: 0, rowCount: 3 });
    const down = { type: 'move', key: 'ArrowDown', rowCount: 3 } as const;
    const up = { type: 'move', key: 'ArrowUp', rowCount: 3 } as const;
    expect(run(opened, down).active).toBe(1);
    expect(run(opened, down, down, down).active).toBe(0);
    expect(run(opened, up).active).toBe(2);
    expect(run({ ...opened, active: -1 }, down).active).toBe(0);
    expect(run({ ...opened, active: -1 }, up).active).toBe(2);
    expect(run(opened, { type: 'move', key: 'ArrowDown', rowCount: 0 }).active).toBe(-1);
  });

  it('typing opens the list on its best match; nothing matching leaves no active row', () => {
    expect(pickerReducer(CLOSED_PICKER, { type: 'type', query: 'man', rowCount: 1 })).toEqual({
      open: true,
      query: 'man',
      active: 0,
    });
    expect(pickerReducer(CLOSED_PICKER, { type: 'type', query: 'zzz', rowCount: 0 }).active).toBe(-1);
  });

  it('follows the pointer, and closing forgets the query', () => {
    const typed = pickerReducer(CLOSED_PICKER, { type: 'type', query: 'hand', rowCount: 2 });
    expect(pickerReducer(typed, { type: 'point', row: 1 }).active).toBe(1);
    expect(pickerReducer(typed, { type: 'close' })).toEqual(CLOSED_PICKER);
  });
});
