'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, ErrorNote } from '../ui';
import {
  describePrices,
  type PriceRow,
  type Prices,
  pricesFromRows,
  rowsFromPrices,
} from './credential-prices-form';

const EMPTY_ROW: PriceRow = { model: '', input: '', output: '' };

/**
 * The prices a credential sets for its models (local and OpenAI-compatible servers, negotiated rates):
 * shown on its card, edited row by row by editors. Runs priced after a save use them before list prices.
 */
export function CredentialPrices(props: { id: string; name: string; prices: Prices; canEdit: boolean }) {
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
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    save.mutate({ id: props.id, prices: result.prices });
  }

  if (!rows)
    return (
      <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <span data-testid="credential-prices">{describePrices(props.prices)}</span>
        {props.canEdit ? (
          <Button
            variant="ghost"
            className="px-2 py-1"
            onClick={() => setRows([...rowsFromPrices(props.prices), EMPTY_ROW])}
          >
            Prices
          </Button>
        ) : null}
      </div>
    );
  return (
    <form onSubmit={submit} className="mt-3 space-y-2" aria-label={`Model prices of ${props.name}`}>
      <p className="text-xs text-slate-600">
        US dollars per million tokens, for the models this credential serves (named as on the Model node).
      </p>
      {rows.map((row, index) => (
        // Rows have no identity besides their place; they are only appended or removed from the end.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div key={index} className="flex flex-wrap items-center gap-2">
          <input
            aria-label={`Model ${index + 1}`}
            placeholder="model, e.g. llama-3"
            value={row.model}
            onChange={(event) => edit(index, 'model', event.target.value)}
            className="w-48 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <input
            aria-label={`Input price of model ${index + 1}`}
            placeholder="input $"
            inputMode="decimal"
            value={row.input}
            onChange={(event) => edit(index, 'input', event.target.value)}
            className="w-24 rounded-md border border-slate-300 px-2 py-1 text-sm"
          />
          <input
            aria-label={`Output price of model ${index + 1}`}
            placeholder="output $"
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
            Remove
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
          Add model
        </Button>
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save prices'}
        </Button>
        <Button variant="ghost" onClick={() => setRows(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
