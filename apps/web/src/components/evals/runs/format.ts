import type { EvalRunSummary } from './eval-types';

/** What an eval run ran against: "Draft r12" or "v3". */
export function targetLabel(run: Pick<EvalRunSummary, 'versionId' | 'version' | 'draftRevision'>): string {
  if (run.versionId === null) return run.draftRevision === null ? 'Draft' : `Draft r${run.draftRevision}`;
  return run.version === null ? 'A published version' : `v${run.version}`;
}

/** A published version as the target picker lists it: "v3 — note" (or just "v3"). */
export function versionOptionLabel(version: { version: number; note: string | null }): string {
  const note = version.note?.trim();
  return note ? `v${version.version} — ${note}` : `v${version.version}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago": how long ago `date` was, as of `now`. */
export function timeAgo(date: Date | string, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(date).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** A latency for the results table: "850 ms", "2.4 s", or "—" when unknown. */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Input + output tokens, or "—" when the run reported none. */
export function formatTokens(input: number | null | undefined, output: number | null | undefined): string {
  if (input === null || input === undefined || output === null || output === undefined) return '—';
  return String(input + output);
}

/** US dollars with enough digits for a single run ("$0.0012"); "—" when a price was unknown. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}
