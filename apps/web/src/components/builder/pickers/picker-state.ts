// What a resource picker shows and how its keys move, without React: resource-picker.tsx renders it.

/** One thing a picker offers: a knowledge base, an agent, a credential. */
export interface PickerOption {
  id: string;
  name: string;
  /** The secondary line ("3 documents", "Published", "openai · …a1b2"). */
  detail?: string;
}

/** What the field holds, read against the workspace's list. */
export type PickerSelection =
  | { kind: 'none' }
  /** The list has not arrived yet: the id cannot be judged. */
  | { kind: 'loading'; id: string }
  | { kind: 'picked'; option: PickerOption }
  /** An id the workspace does not have (deleted, or from another workspace's graph file). */
  | { kind: 'missing'; id: string };

/** Reads a field's value against the list (undefined while loading). */
export function pickerSelection(
  value: unknown,
  options: readonly PickerOption[] | undefined,
): PickerSelection {
  if (typeof value !== 'string' || value === '') return { kind: 'none' };
  if (!options) return { kind: 'loading', id: value };
  const option = options.find((candidate) => candidate.id === value);
  return option ? { kind: 'picked', option } : { kind: 'missing', id: value };
}

/** Lower case without accents, so "resume" finds "Résumé". */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
}

/**
 * The options whose name or secondary line holds every word of the query, ignoring case and accents.
 * Names that start with the query come first; otherwise the list's own order is kept.
 */
export function filterOptions(options: readonly PickerOption[], query: string): PickerOption[] {
  const folded = fold(query.trim());
  const words = folded.split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  const matching = options.filter((option) => {
    const text = fold(`${option.name} ${option.detail ?? ''}`);
    return words.every((word) => text.includes(word));
  });
  const starts = matching.filter((option) => fold(option.name).startsWith(folded));
  return [...starts, ...matching.filter((option) => !starts.includes(option))];
}

/** A row of the open list: "None" (clears the field) or an option. */
export type PickerRow = { kind: 'none' } | { kind: 'option'; option: PickerOption };

/** The rows of the open list: "None" first when the field may be cleared and no query is typed. */
export function pickerRows(options: readonly PickerOption[], query: string, clearable: boolean): PickerRow[] {
  const rows: PickerRow[] = filterOptions(options, query).map((option) => ({ kind: 'option', option }));
  return clearable && query.trim() === '' ? [{ kind: 'none' }, ...rows] : rows;
}

/** Whether the list is open, what is typed, and which row the keys point at (-1: none). */
export interface PickerState {
  open: boolean;
  query: string;
  active: number;
}

/** The closed picker. */
export const CLOSED_PICKER: PickerState = { open: false, query: '', active: -1 };

/** What changes a picker's state: opening, typing, arrow keys, the pointer, closing. */
export type PickerAction =
  /** Opens with the row of the current value active (or the first). */
  | { type: 'open'; selectedRow: number; rowCount: number }
  | { type: 'type'; query: string; rowCount: number }
  | { type: 'move'; key: 'ArrowDown' | 'ArrowUp'; rowCount: number }
  | { type: 'point'; row: number }
  | { type: 'close' };

/** The next state; the arrows move the active row of the open list, wrapping around its ends. */
export function pickerReducer(state: PickerState, action: PickerAction): PickerState {
  switch (action.type) {
    case 'open':
      return {
        open: true,
        query: '',
        active: action.rowCount === 0 ? -1 : Math.max(0, Math.min(action.selectedRow, action.rowCount - 1)),
      };
    case 'type':
      // Typing narrows the list: point at its best match.
      return { open: true, query: action.query, active: action.rowCount > 0 ? 0 : -1 };
    case 'move': {
      const count = action.rowCount;
      if (count === 0) return { ...state, active: -1 };
      const step = action.key === 'ArrowDown' ? 1 : -1;
      // From no active row, down goes to the first and up to the last.
      const from = state.active < 0 ? (step > 0 ? -1 : count) : state.active;
      return { ...state, active: (from + step + count) % count };
    }
    case 'point':
      return { ...state, active: action.row };
    case 'close':
      return CLOSED_PICKER;
  }
}
