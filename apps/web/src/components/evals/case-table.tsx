'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { RowActions } from '../ui';
import type { StoredCase } from './case-draft';
import { describeExpectation, describeInput } from './expectation-text';
import { useEvalWords } from './words';

/** The "select all" box: ticked when all are, half-ticked when some are. */
function SelectAll({
  total,
  selected,
  onChange,
}: {
  total: number;
  selected: number;
  onChange: (all: boolean) => void;
}) {
  const t = useTranslations('evals.table');
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (box.current) box.current.indeterminate = selected > 0 && selected < total;
  }, [selected, total]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label={t('selectAll')}
      checked={total > 0 && selected === total}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

/** An agent's test cases: a box to pick each for a run, what it sends, what it expects, and its actions. */
export function CaseTable({
  cases,
  selected,
  canEdit,
  busyId,
  onSelect,
  onSelectAll,
  onOpen,
  onDelete,
}: {
  cases: readonly StoredCase[];
  selected: readonly string[];
  canEdit: boolean;
  busyId: string | null;
  onSelect: (id: string, selected: boolean) => void;
  onSelectAll: (all: boolean) => void;
  onOpen: (stored: StoredCase) => void;
  onDelete: (stored: StoredCase) => void;
}) {
  const words = useEvalWords();
  const t = useTranslations('evals.table');
  const ticked = new Set(selected);
  return (
    <table className="w-full text-left text-sm" aria-label={t('label')}>
      <thead className="border-b border-slate-200 text-xs text-slate-500">
        <tr>
          <th className="w-8 px-4 py-2">
            <SelectAll total={cases.length} selected={selected.length} onChange={onSelectAll} />
          </th>
          <th className="px-4 py-2 font-medium">{t('name')}</th>
          <th className="px-4 py-2 font-medium">{t('input')}</th>
          <th className="px-4 py-2 font-medium">{t('expectations')}</th>
          <th className="px-4 py-2">
            <span className="sr-only">{t('actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {cases.map((row) => (
          <tr key={row.id} data-testid={`case-${row.id}`} className="align-top">
            <td className="px-4 py-3">
              <input
                type="checkbox"
                aria-label={t('select', { name: row.name })}
                checked={ticked.has(row.id)}
                onChange={(event) => onSelect(row.id, event.target.checked)}
              />
            </td>
            <td className="px-4 py-3 font-medium">{row.name}</td>
            <td className="px-4 py-3 text-slate-700">
              {typeof row.input === 'string' ? (
                describeInput(row.input, words.t)
              ) : (
                <span className="text-slate-500 italic">{describeInput(row.input, words.t)}</span>
              )}
            </td>
            <td className="px-4 py-3">
              {row.expect.length === 0 ? (
                <span className="text-xs text-slate-500">{t('noExpectations')}</span>
              ) : (
                <ul className="space-y-0.5 text-xs text-slate-700">
                  {row.expect.map((expectation, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a case's expectations have no id
                    <li key={index}>{describeExpectation(expectation, words)}</li>
                  ))}
                </ul>
              )}
            </td>
            <td className="px-4 py-3 text-right whitespace-nowrap">
              <RowActions
                name={row.name}
                canEdit={canEdit}
                busy={busyId === row.id}
                onOpen={() => onOpen(row)}
                onDelete={() => onDelete(row)}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
