'use client';

import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import { errorMessage } from '@/lib/trpc';
import {
  agoOf,
  changeSummary,
  type PublishCheck,
  type PublishCheckRun,
  type ShortList,
} from './publish-check';

/** The tests part of the publish dialog: the draft's latest result, what changes, and a block's reason. */
export function PublishTestsNote({
  agentId,
  check,
  pending,
  error,
}: {
  agentId: string;
  check: PublishCheck | undefined;
  pending: boolean;
  error: unknown;
}) {
  const t = useTranslations('builder.publishTests');
  const locale = useLocale();
  if (pending)
    return (
      <p className="text-slate-500" aria-live="polite">
        {t('checking')}
      </p>
    );
  if (error || !check)
    return <p className="text-amber-800">{t('readFailed', { error: errorMessage(error) })}</p>;

  // What a run ran against: "Draft r12" or "v3".
  const target = (run: PublishCheckRun) =>
    run.versionId === null
      ? run.draftRevision === null
        ? t('target.draft')
        : t('target.draftRevision', { revision: run.draftRevision })
      : run.version === null
        ? t('target.published')
        : t('target.version', { version: run.version });
  const names = (list: ShortList) =>
    t('names', {
      names: new Intl.ListFormat(locale, { style: 'narrow', type: 'conjunction' }).format(list.names),
      more: list.more,
    });

  const draft = check.draft;
  const result = draft
    ? t('result', {
        passed: draft.passed,
        total: draft.total,
        status: draft.status,
        ago: t('ago', { ...agoOf(draft.finishedAt ?? draft.createdAt) }),
      })
    : t('untested');

  const summary = changeSummary(check);
  let change: string | null = null;
  if (summary?.kind === 'no-baseline') change = t('noBaseline');
  else if (summary?.kind === 'same') change = t('same', { against: target(summary.against) });
  else if (summary?.kind === 'changed') {
    const against = target(summary.against);
    if (summary.newlyFailing && summary.newlyPassing)
      change = t('changedBoth', {
        against,
        failing: names(summary.newlyFailing),
        passing: names(summary.newlyPassing),
      });
    else if (summary.newlyFailing)
      change = t('changedFailing', { against, failing: names(summary.newlyFailing) });
    else if (summary.newlyPassing)
      change = t('changedPassing', { against, passing: names(summary.newlyPassing) });
  }

  return (
    <section aria-label={t('label')} className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p data-testid="publish-tests-result">
        <span className="font-medium">{t('heading')}</span> {result}{' '}
        <Link href={`/agents/${agentId}/tests`} className="text-brand-700 hover:underline">
          {t('open')}
        </Link>
      </p>
      {change ? <p className="text-slate-700">{change}</p> : null}
      {check.blocked ? (
        <p role="alert" className="font-medium text-red-700">
          {check.reason ?? t('blocked')}
        </p>
      ) : check.requirePassingTests ? (
        <p className="text-xs text-slate-500">{t('required')}</p>
      ) : null}
    </section>
  );
}
