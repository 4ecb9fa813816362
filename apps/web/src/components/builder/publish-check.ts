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

/** How long ago a run was, in the steps the summary says it: just now, minutes, hours, days. */
export interface Ago {
  unit: 'now' | 'minutes' | 'hours' | 'days';
  count: number;
}

/** How long ago `date` was, as of `now` ("5 min ago" is `{ unit: 'minutes', count: 5 }`). */
export function agoOf(date: Date | string, now: Date = new Date()): Ago {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(date).getTime()) / 1000));
  if (seconds < 60) return { unit: 'now', count: 0 };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}

/** The first `shown` names and how many more there are, so a long list does not fill the dialog. */
export interface ShortList {
  names: readonly string[];
  more: number;
}

/** Names as "a, b, c and 4 more": the names shown and the count left out. */
export function shortList(names: readonly string[], shown = 5): ShortList {
  return names.length <= shown
    ? { names, more: 0 }
    : { names: names.slice(0, shown), more: names.length - shown };
}

/** What publishing changes against the published version's last test run. */
export type ChangeSummary =
  /** No finished test run of a published version to compare with. */
  | { kind: 'no-baseline' }
  | { kind: 'same'; against: PublishCheckRun }
  | {
      kind: 'changed';
      against: PublishCheckRun;
      newlyFailing: ShortList | null;
      newlyPassing: ShortList | null;
    };

/** What publishing changes, or null when the draft has not been tested. */
export function changeSummary(
  check: Pick<PublishCheck, 'draft' | 'published' | 'newlyFailing' | 'newlyPassing'>,
): ChangeSummary | null {
  if (!check.draft) return null;
  if (!check.published) return { kind: 'no-baseline' };
  if (check.newlyFailing.length === 0 && check.newlyPassing.length === 0)
    return { kind: 'same', against: check.published };
  return {
    kind: 'changed',
    against: check.published,
    newlyFailing: check.newlyFailing.length > 0 ? shortList(check.newlyFailing) : null,
    newlyPassing: check.newlyPassing.length > 0 ? shortList(check.newlyPassing) : null,
  };
}
