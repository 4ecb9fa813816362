'use client';

import { EVAL_LIMITS, type ExpectationKind } from '@agentry/engine/evals';
import { useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../ui';
import { type ExpectationDraft, newExpectationDraft } from './expectation-draft';
import { ExpectationFields } from './expectation-fields';
import { expectationKindInfo, kindLabel } from './expectation-kinds';

/** The "Add expectation" button and its menu: every kind, with what it checks. */
function AddExpectationMenu({
  disabled,
  onAdd,
}: {
  disabled: boolean;
  onAdd: (kind: ExpectationKind) => void;
}) {
  const t = useTranslations('evals');
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const list = useRef<HTMLUListElement>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) list.current?.querySelector('button')?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    wrapper.current?.querySelector<HTMLButtonElement>('button[aria-controls]')?.focus();
  };
  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.key === 'Escape') {
      // The editor is itself a dialog that closes on Escape (a window listener): only the menu closes here.
      event.stopPropagation();
      close();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const buttons = [...(list.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]?.focus();
  }
  return (
    <div ref={wrapper}>
      <Button
        variant="secondary"
        aria-expanded={open}
        aria-controls={menuId}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        {t('expectations.add')} {open ? '▴' : '▾'}
      </Button>
      {open ? (
        <ul
          id={menuId}
          ref={list}
          aria-label={t('expectations.kinds')}
          onKeyDown={onKeyDown}
          className="mt-2 grid gap-1 rounded-md border border-slate-200 bg-white p-1 shadow-sm sm:grid-cols-2"
        >
          {expectationKindInfo(t).map((info) => (
            <li key={info.kind}>
              <button
                type="button"
                className="block w-full rounded px-3 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
                onClick={() => {
                  onAdd(info.kind);
                  setOpen(false);
                }}
              >
                <span className="block text-sm font-medium">{info.label}</span>
                <span className="block text-xs text-slate-600">{info.description}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A case's expectations: each one's fields by kind, removable, and the menu that adds one. */
export function ExpectationsEditor({
  value,
  errors,
  readOnly,
  onChange,
}: {
  value: readonly ExpectationDraft[];
  /** Errors of the case, keyed `expect.<index>.<field>` (and `expect` for the list). */
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: ExpectationDraft[], changedIndex?: number) => void;
}) {
  const t = useTranslations('evals');
  const headingId = useId();
  const scoped = (index: number) =>
    Object.fromEntries(
      Object.entries(errors)
        .filter(([key]) => key.startsWith(`expect.${index}.`))
        .map(([key, message]) => [key.slice(`expect.${index}.`.length), message]),
    );
  return (
    <section className="space-y-3" aria-labelledby={headingId}>
      <div>
        <h3 id={headingId} className="text-sm font-semibold">
          {t('expectations.heading')}
        </h3>
        <p className="text-xs text-slate-600">{t('expectations.help')}</p>
      </div>
      {value.map((draft, index) => {
        const own = scoped(index);
        const kind = { index: index + 1, kind: kindLabel(draft.kind, t) };
        return (
          <fieldset key={draft.key} className="space-y-3 rounded-md border border-slate-200 p-3">
            {/* A legend inside a flex row loses its role, so the visible title is a copy beside it. */}
            <legend className="sr-only">{t('expectations.legend', kind)}</legend>
            <div className="flex items-center justify-between gap-2">
              <p aria-hidden className="text-sm font-medium">
                {t('expectations.title', kind)}
              </p>
              {readOnly ? null : (
                <Button
                  variant="ghost"
                  className="px-2 py-1 text-xs text-red-700"
                  aria-label={t('expectations.remove', kind)}
                  onClick={() => onChange(value.filter((_, at) => at !== index))}
                >
                  {t('expectations.removeShort')}
                </Button>
              )}
            </div>
            <ExpectationFields
              draft={draft}
              errors={own}
              onChange={(next) =>
                onChange(
                  value.map((item, at) => (at === index ? next : item)),
                  index,
                )
              }
            />
            {own.kind ? (
              <p role="alert" className="text-xs text-red-600">
                {own.kind}
              </p>
            ) : null}
          </fieldset>
        );
      })}
      {errors.expect ? (
        <p role="alert" className="text-xs text-red-600">
          {errors.expect}
        </p>
      ) : null}
      {readOnly ? null : (
        <AddExpectationMenu
          disabled={value.length >= EVAL_LIMITS.maxExpectations}
          onAdd={(kind) => onChange([...value, newExpectationDraft(kind)])}
        />
      )}
    </section>
  );
}
