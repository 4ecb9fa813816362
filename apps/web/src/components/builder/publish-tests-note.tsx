'use client';

import Link from 'next/link';
import { errorMessage } from '@/lib/trpc';
import { changeText, draftResultText, type PublishCheck } from './publish-check';

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
  if (pending)
    return (
      <p className="text-slate-500" aria-live="polite">
        Checking the tests…
      </p>
    );
  if (error || !check)
    return <p className="text-amber-800">Could not read the test results: {errorMessage(error)}</p>;
  const change = changeText(check);
  return (
    <section aria-label="Tests" className="space-y-1 rounded-md border border-slate-200 bg-slate-50 p-3">
      <p data-testid="publish-tests-result">
        <span className="font-medium">Tests: </span>
        {draftResultText(check.draft)}{' '}
        <Link href={`/agents/${agentId}/tests`} className="text-brand-700 hover:underline">
          Open Tests
        </Link>
      </p>
      {change ? <p className="text-slate-700">{change}</p> : null}
      {check.blocked ? (
        <p role="alert" className="font-medium text-red-700">
          {check.reason ?? 'Publishing needs passing tests on this draft.'}
        </p>
      ) : check.requirePassingTests ? (
        <p className="text-xs text-slate-500">This agent requires passing tests to publish.</p>
      ) : null}
    </section>
  );
}
