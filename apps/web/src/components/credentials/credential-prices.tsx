'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { type FormEvent, useState } from 'react';
import { useFormat } from '@/i18n/format';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote } from '../ui';
import {
  type PriceProblem,
  type PriceRow,
  type Prices,
  pricesFromRows,
  rowsFromPrices,
  sortedPrices,
  type TooManyModels,
} from './credential-prices-form';

const EMPTY_ROW: PriceRow = { model: '', input: '', output: '' };

/**
 * The prices a credential sets for its models (local and OpenAI-compatible servers, negotiated rates):
 * shown on its card, edited row by row by editors. Runs priced after a save use them before list prices.
 */
export function CredentialPrices(props: { id: string; name: string; prices: Prices; canEdit: boolean }) {
  const t = useTranslations('credentials.prices');
  const tCommon = useTranslations('common');
  const format = useFormat();
  // Prices as typed: "$2.5", "$10", "$0.075", not rounded to cents.
  const usd = (value: number) =>
    format.number(value, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 0,
      maximumFractionDigits: 6,
    });
  const sayProblem = (problem: PriceProblem | TooManyModels): string => {
    if (problem.kind === 'tooMany') return t('problem.tooMany', { max: problem.max });
    const name = problem.model ?? t('row', { row: problem.row });
    switch (problem.kind) {
      case 'noModel':
        return t('problem.noModel', { name });
      case 'spaces':
        return t('problem.spaces', { name });
      case 'tooLong':
        return t('problem.tooLong', { name, max: problem.max });
      case 'twice':
        return t('problem.twice', { name });
      case 'empty':
        return t('problem.empty', { name, side: problem.side });
      case 'notNumber':
        return t('problem.notNumber', { name, side: problem.side, text: problem.text });
      case 'negative':
        return t('problem.negative', { name, side: problem.side });
      case 'typo':
        return t('problem.typo', {
          name,
          side: problem.side,
          value: usd(problem.value),
          max: usd(problem.max),
        });
    }
  };
  const described = sortedPrices(props.prices);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<PriceRow[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation(
    trpc.credentials.setPrices.mutationOptions({
      onSuccess: () => {
        setRows(null);
        return queryClient.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
      },
    }),
  );
  const edit = (index: number, field: keyof PriceRow, value: string) =>
    setRows((current) => (current ?? []).map((row, at) => (at === index ? { ...row, [field]: value } : row)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = pricesFromRows(rows ?? []);
    if ('problems' in result) {
      setProblems(result.problems.map(sayProblem));
      return;
    }
    setProblems([]);
    save.mutate({ id: props.id, prices: result.prices });
  }

  if (!rows)
    return (
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span data-testid="credential-prices">
          {described.length === 0
            ? t('none')
            : t('summary', {
                prices: described
                  .map((price) =>
                    t('price', { model: price.model, input: usd(price.input), output: usd(price.output) }),
                  )
                  .join(t('separator')),
              })}
        </span>
        {props.canEdit ? (
          <Button
            variant="ghost"
            className="px-2 py-1"
            onClick={() => setRows([...rowsFromPrices(props.prices), EMPTY_ROW])}
          >
            {t('edit')}
          </Button>
        ) : null}
      </div>
    );
  return (
    <form onSubmit={submit} className="mt-3 space-y-2" aria-label={t('formLabel', { name: props.name })}>
      <p className="text-xs text-slate-600">{t('intro')}</p>
      {rows.map((row, index) => (
        // Rows have no identity besides their place; they are only appended or removed from the end.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={index} className="flex flex-wrap items-center gap-2">
          <input
            aria-label={t('model', { number: index + 1 })}
            placeholder={t('modelPlaceholder')}
            value={row.model}
            onChange={(event) => edit(index, 'model', event.target.value)}
            className="w-48 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <input
            aria-label={t('inputLabel', { number: index + 1 })}
            placeholder={t('inputPlaceholder')}
            inputMode="decimal"
            value={row.input}
            onChange={(event) => edit(index, 'input', event.target.value)}
            className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <input
            aria-label={t('outputLabel', { number: index + 1 })}
            placeholder={t('outputPlaceholder')}
            inputMode="decimal"
            value={row.output}
            onChange={(event) => edit(index, 'output', event.target.value)}
            className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <Button
            variant="ghost"
            className="px-2 py-1"
            onClick={() => setRows((current) => (current ?? []).filter((_, at) => at !== index))}
          >
            {t('remove')}
          </Button>
        </div>
      ))}
      {problems.length > 0 ? (
        <ul role="alert" className="text-sm text-red-700">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <ErrorNote message={save.error ? errorMessage(save.error) : null} />
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => setRows((current) => [...(current ?? []), EMPTY_ROW])}>
          {t('add')}
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? tCommon('saving') : t('save')}
        </Button>
        <Button variant="ghost" onClick={() => setRows(null)}>
          {tCommon('cancel')}
        </Button>
      </div>
    </form>
  );
}
