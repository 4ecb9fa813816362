'use client';

import { useTranslations } from 'next-intl';
import { type KeyboardEvent, type ReactNode, useEffect, useId, useReducer } from 'react';
import { CONTROL } from '../config-schema';
import {
  CLOSED_PICKER,
  type PickerOption,
  type PickerRow,
  pickerReducer,
  pickerRows,
  pickerSelection,
} from './picker-state';

/**
 * A searchable combobox over things the workspace owns (knowledge bases, agents, credentials): type to
 * narrow the list, arrows and Enter to pick, Escape to close. Under it, the picked thing's second line
 * and a link that opens it in a new tab, or, when the stored id is in no list, "Deleted or not found"
 * with the picker still usable. Read-only (viewers) it still shows the name and the link.
 */
export function ResourcePicker({
  id,
  options,
  known = options,
  value,
  onChange,
  disabled,
  noun,
  placeholder,
  href,
  clearable = true,
  invalid = false,
  empty,
}: {
  /** The input's id, for the field's `<label htmlFor>`. */
  id: string;
  /** What the list offers; undefined while it loads. */
  options: readonly PickerOption[] | undefined;
  /** What the value is looked up in (defaults to `options`; credentials of another provider are known, not offered). */
  known?: readonly PickerOption[] | undefined;
  value: unknown;
  onChange: (id: string | undefined) => void;
  disabled: boolean;
  /** What is picked (the catalog's `pickers` messages name it in the page's language). */
  noun: 'credential' | 'knowledge base' | 'agent';
  placeholder?: string;
  /** Where the picked thing opens. */
  href?: (id: string) => string;
  /** Offer "None" to clear the field. */
  clearable?: boolean;
  /** The field has a problem (its message is shown by the field). */
  invalid?: boolean;
  /** Shown under the field when the workspace has none to offer. */
  empty?: ReactNode;
}) {
  const listId = useId();
  const statusId = useId();
  const t = useTranslations('pickers');
  const kind = noun === 'knowledge base' ? 'knowledgeBase' : noun;
  const [state, dispatch] = useReducer(pickerReducer, CLOSED_PICKER);
  const selection = pickerSelection(value, known);
  const rows = pickerRows(options ?? [], state.query, clearable);
  const current = rows.findIndex((row) =>
    row.kind === 'none' ? selection.kind === 'none' : row.option.id === value,
  );
  const optionId = (index: number) => `${listId}-option-${index}`;

  useEffect(() => {
    if (state.open && state.active >= 0) {
      document.getElementById(`${listId}-option-${state.active}`)?.scrollIntoView({ block: 'nearest' });
    }
  }, [state.open, state.active, listId]);

  const open = () => dispatch({ type: 'open', selectedRow: current, rowCount: rows.length });
  const commit = (row: PickerRow | undefined) => {
    if (row) onChange(row.kind === 'none' ? undefined : row.option.id);
    dispatch({ type: 'close' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!state.open || event.altKey) open();
      else dispatch({ type: 'move', key: event.key, rowCount: rows.length });
    } else if (event.key === 'Enter' && state.open) {
      // Picks the active row; never submits the form around the field.
      event.preventDefault();
      commit(rows[state.active]);
    } else if (event.key === 'Escape' && state.open) {
      event.preventDefault();
      event.stopPropagation();
      dispatch({ type: 'close' });
    }
  };

  const pickedName = selection.kind === 'picked' ? selection.option.name : '';
  const prompt = options === undefined ? t('loading', { kind }) : (placeholder ?? t('pick', { kind }));
  return (
    <div className="space-y-1">
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={state.open}
          aria-controls={listId}
          aria-activedescendant={state.open && state.active >= 0 ? optionId(state.active) : undefined}
          aria-describedby={statusId}
          aria-invalid={invalid || selection.kind === 'missing' || undefined}
          autoComplete="off"
          spellCheck={false}
          className={`${CONTROL} pr-7 aria-invalid:border-amber-500`}
          // Closed, it shows the picked name; open, what is typed (the name stays as the placeholder).
          value={state.open ? state.query : pickedName}
          placeholder={state.open && pickedName ? pickedName : prompt}
          disabled={disabled}
          onClick={() => (state.open ? undefined : open())}
          onChange={(event) =>
            dispatch({
              type: 'type',
              query: event.target.value,
              rowCount: pickerRows(options ?? [], event.target.value, clearable).length,
            })
          }
          onKeyDown={onKeyDown}
          onBlur={() => dispatch({ type: 'close' })}
        />
        <span
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-xs text-slate-400"
        >
          ▾
        </span>
        {state.open ? (
          <div
            id={listId}
            role="listbox"
            aria-label={t('list', { kind })}
            className="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
          >
            {rows.length === 0 ? (
              <div role="presentation" className="px-2 py-1.5 text-xs text-slate-500">
                {options === undefined
                  ? t('loadingList')
                  : state.query.trim()
                    ? t('noMatch', { kind, query: state.query.trim() })
                    : t('noneYet', { kind })}
              </div>
            ) : (
              rows.map((row, index) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keys work in the combobox input, which keeps the focus (aria-activedescendant)
                <div
                  key={row.kind === 'none' ? '' : row.option.id}
                  id={optionId(index)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === state.active}
                  className={`flex cursor-pointer items-start gap-2 px-2 py-1.5 ${index === state.active ? 'bg-brand-50' : ''}`}
                  // Keeps the focus in the input, so its blur does not close the list before the click.
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseMove={() =>
                    index === state.active ? undefined : dispatch({ type: 'point', row: index })
                  }
                  onClick={() => commit(row)}
                >
                  <span aria-hidden className="w-3 shrink-0 text-brand-700">
                    {index === current ? '✓' : ''}
                  </span>
                  {row.kind === 'none' ? (
                    <span className="text-slate-600">{t('none')}</span>
                  ) : (
                    <span className="min-w-0">
                      <span className="block truncate font-medium text-slate-900">
                        {row.option.name}
                        {index === current ? <span className="sr-only">{t('current')}</span> : null}
                      </span>
                      {row.option.detail ? (
                        <span className="block truncate text-xs text-slate-500">{row.option.detail}</span>
                      ) : null}
                    </span>
                  )}
                </div>
              ))
            )}
          </div>
        ) : null}
      </div>
      <div id={statusId} className="text-xs">
        {selection.kind === 'picked' ? (
          <p className="flex flex-wrap items-center gap-x-2 text-slate-500">
            {selection.option.detail ? <span>{selection.option.detail}</span> : null}
            {href ? (
              <a
                href={href(selection.option.id)}
                target="_blank"
                rel="noopener noreferrer"
                className="font-medium text-brand-700 underline"
              >
                {t('open')}
                <span className="sr-only">{t('openSr', { name: selection.option.name })}</span>
                <span aria-hidden>{' ↗'}</span>
              </a>
            ) : null}
          </p>
        ) : selection.kind === 'missing' ? (
          <p className="font-medium text-amber-800" data-testid="picker-missing">
            <span aria-hidden>{'⚠ '}</span>
            {t('missing', { id: selection.id })}
            {disabled ? '' : t('pickAnother', { kind, clearable: clearable ? 'yes' : 'no' })}
          </p>
        ) : null}
        {options && options.length === 0 && empty ? <div className="text-slate-500">{empty}</div> : null}
      </div>
    </div>
  );
}
