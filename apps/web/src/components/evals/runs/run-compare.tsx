'use client';

import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, Card, ErrorNote, Loading } from '../../ui';
import { type ComparisonGroup, groupComparison } from './compare-groups';
import type { ComparisonRow, EvalResultRow } from './eval-types';
import { agoText, targetText } from './format';
import { PassBadge } from './status-pill';

function Side({ title, row }: { title: string; row: EvalResultRow | null | undefined }) {
  const t = useTranslations('evals');
  return (
    <div className="min-w-0 flex-1 space-y-1">
      <p className="text-xs font-medium text-slate-500">
        {t('compare.side', { title })} {row ? <PassBadge passed={row.passed} /> : t('compare.notInRun')}
      </p>
      {row ? (
        <p className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-xs text-slate-800">
          {row.error ? t('compare.couldNotRun', { error: row.error }) : row.answer || t('results.noAnswer')}
        </p>
      ) : null}
    </div>
  );
}

function CaseRow({ row }: { row: ComparisonRow }) {
  const t = useTranslations('evals.compare');
  return (
    <li className="space-y-2 px-4 py-3" data-testid="compare-case">
      <p className="text-sm font-medium">{row.name}</p>
      <div className="flex flex-col gap-3 md:flex-row">
        <Side title={t('before')} row={row.a} />
        <Side title={t('after')} row={row.b} />
      </div>
    </li>
  );
}

function Group({ group }: { group: ComparisonGroup }) {
  const t = useTranslations('evals.compare');
  const heading = t('group', { title: group.title, count: group.rows.length });
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
  const t = useTranslations('evals');
  const query = useQuery(trpc.evals.compare.queryOptions({ a, b }));
  return (
    <Card className="space-y-4 p-5">
      <section aria-label={t('compare.label')} className="space-y-4">
        <div className="flex items-center justify-between gap-3">
          <h2 className="text-base font-semibold">
            {query.data
              ? t('compare.heading', {
                  a: targetText(query.data.a, t),
                  aAgo: agoText(query.data.a.createdAt, t),
                  b: targetText(query.data.b, t),
                  bAgo: agoText(query.data.b.createdAt, t),
                })
              : t('compare.label')}
          </h2>
          <Button variant="ghost" onClick={onClose}>
            {t('compare.close')}
          </Button>
        </div>
        {query.isPending ? <Loading label={t('compare.loading')} /> : null}
        <ErrorNote message={query.error ? errorMessage(query.error) : null} />
        {query.data ? (
          <>
            <p className="text-sm text-slate-600">
              {t('compare.summary', {
                aPassed: query.data.a.passed,
                aTotal: query.data.a.total,
                bPassed: query.data.b.passed,
                bTotal: query.data.b.total,
              })}
            </p>
            {groupComparison(query.data.rows, t).map((group) => (
              <Group key={group.change} group={group} />
            ))}
          </>
        ) : null}
      </section>
    </Card>
  );
}
