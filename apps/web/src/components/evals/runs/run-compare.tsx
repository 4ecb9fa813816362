'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Loading } from '../../ui';
import { type ComparisonGroup, groupComparison } from './compare-groups';
import type { ComparisonRow, EvalResultRow } from './eval-types';
import { targetLabel, timeAgo } from './format';
import { PassBadge } from './status-pill';

function Side({ title, row }: { title: string; row: EvalResultRow | null | undefined }) {
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <p className="text-xs font-medium text-slate-500">
        {title}: {row ? <PassBadge passed={row.passed} /> : 'not in this run'}
      </p>
      {row ? (
        <p className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs text-slate-800">
          {row.error ? `Could not run: ${row.error}` : row.answer || '(no answer)'}
        </p>
      ) : null}
    </div>
  );
}

function CaseRow({ row }: { row: ComparisonRow }) {
  return (
    <li className="space-y-2 px-4 py-3" data-testid="compare-case">
      <p className="text-sm font-medium">{row.name}</p>
      <div className="flex flex-col gap-3 md:flex-row">
        <Side title="Before" row={row.a} />
        <Side title="After" row={row.b} />
      </div>
    </li>
  );
}

function Group({ group }: { group: ComparisonGroup }) {
  const heading = `${group.title} (${group.rows.length})`;
  const list = (
    <ul className="divide-y divide-slate-100" aria-label={group.title}>
      {group.rows.map((row) => (
        <CaseRow key={row.caseId ?? row.name} row={row} />
      ))}
    </ul>
  );
  if (group.folded)
    return (
      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-4 py-2 text-sm font-medium text-slate-700">{heading}</summary>
        {list}
      </details>
    );
  return (
    <section
      aria-label={group.title}
      className={`rounded-md border ${group.change === 'newly-failing' ? 'border-red-200' : 'border-slate-200'}`}
    >
      <h3 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold">{heading}</h3>
      {list}
    </section>
  );
}

/** Two eval runs side by side: newly failing, newly passing, changed answers, and the rest folded. */
export function RunCompare({ a, b, onClose }: { a: string; b: string; onClose: () => void }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.evals.compare.queryOptions({ a, b }));
  return (
    <Card className="space-y-4 p-5">
      <section aria-label="Comparison" className="space-y-4">
        <div className="flex items-center justify-between gap-3">
          <h2 className="text-base font-semibold">
            {query.data
              ? `${targetLabel(query.data.a)} (${timeAgo(query.data.a.createdAt)}) → ${targetLabel(query.data.b)} (${timeAgo(query.data.b.createdAt)})`
              : 'Comparison'}
          </h2>
          <Button variant="ghost" onClick={onClose}>
            Close comparison
          </Button>
        </div>
        {query.isPending ? <Loading label="Comparing…" /> : null}
        <ErrorNote message={query.error ? errorMessage(query.error) : null} />
        {query.data ? (
          <>
            <p className="text-sm text-slate-600">
              {query.data.a.passed}/{query.data.a.total} passed before, {query.data.b.passed}/
              {query.data.b.total} after.
            </p>
            {groupComparison(query.data.rows).map((group) => (
              <Group key={group.change} group={group} />
            ))}
          </>
        ) : null}
      </section>
    </Card>
  );
}
