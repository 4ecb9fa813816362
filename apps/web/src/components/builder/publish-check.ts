import { targetLabel, timeAgo } from '../evals/runs/format';

/** What `evals.publishCheck` answers, as far as the publish dialog reads it. */
export interface PublishCheck {
  draft: PublishCheckRun | null;
  published: PublishCheckRun | null;
  newlyFailing: string[];
  newlyPassing: string[];
  requirePassingTests: boolean;
  blocked: boolean;
  reason?: string;
}

/** The summary of an eval run the check compares. */
export interface PublishCheckRun {
  status: string;
  passed: number;
  total: number;
  versionId: string | null;
  version: number | null;
  draftRevision: number | null;
  createdAt: Date | string;
  finishedAt: Date | string | null;
}

/** "12/13 passing, run 5 min ago", or that the draft has not been tested. */
export function draftResultText(draft: PublishCheckRun | null, now: Date = new Date()): string {
  if (!draft) return 'No tests run on this draft.';
  const state =
    draft.status === 'done'
      ? ''
      : ` (the run ${draft.status === 'failed' ? 'failed' : `was ${draft.status}`})`;
  return `${draft.passed}/${draft.total} passing${state}, run ${timeAgo(draft.finishedAt ?? draft.createdAt, now)}.`;
}

/** Names as "a, b, c and 4 more" so a long list does not fill the dialog. */
export function nameList(names: readonly string[], shown = 5): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** What publishing changes against the published version's last test run, in one or two sentences. */
export function changeText(
  check: Pick<PublishCheck, 'draft' | 'published' | 'newlyFailing' | 'newlyPassing'>,
): string | null {
  if (!check.draft) return null;
  if (!check.published) return 'Nothing to compare with: no finished test run of a published version.';
  const against = targetLabel(check.published);
  const parts = [
    check.newlyFailing.length > 0 ? `newly failing: ${nameList(check.newlyFailing)}` : null,
    check.newlyPassing.length > 0 ? `newly passing: ${nameList(check.newlyPassing)}` : null,
  ].filter(Boolean);
  if (parts.length === 0) return `Same results as ${against}.`;
  const sentence = parts.join('; ');
  return `Against ${against}: ${sentence}.`;
}
