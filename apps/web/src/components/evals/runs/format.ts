import type { Format } from '@/i18n/format';
import type { EvalsT } from '../words';
import type { EvalRunSummary } from './eval-types';

/** What an eval run ran against: "Draft r12" or "v3", in the language of `t`. */
export function targetText(
  run: Pick<EvalRunSummary, 'versionId' | 'version' | 'draftRevision'>,
  t: EvalsT,
): string {
  if (run.versionId === null)
    return run.draftRevision === null
      ? t('target.draft')
      : t('target.draftRevision', { revision: String(run.draftRevision) });
  return run.version === null
    ? t('target.someVersion')
    : t('target.version', { version: String(run.version) });
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" (in the language of `t`): how long ago `date` was. */
export function agoText(date: Date | string, t: EvalsT, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(date).getTime()) / 1000));
  if (seconds < 60) return t('ago.justNow');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('ago.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('ago.hours', { count: hours });
  return t('ago.days', { count: Math.floor(hours / 24) });
}

/** A published version as the target picker lists it: "v3 — note" (or just "v3"). */
export function versionOptionLabel(version: { version: number; note: string | null }): string {
  const note = version.note?.trim();
  return note ? `v${version.version} — ${note}` : `v${version.version}`;
}

/** A latency for the results table: "850 ms", "2.4 sec", or "—" when unknown. */
export function formatLatency(ms: number | null | undefined, format: Format): string {
  if (ms === null || ms === undefined) return '—';
  return format.duration(ms);
}

/** Input + output tokens, or "—" when the run reported none. */
export function formatTokens(
  input: number | null | undefined,
  output: number | null | undefined,
  format: Format,
): string {
  if (input === null || input === undefined || output === null || output === undefined) return '—';
  return format.number(input + output);
}

/** US dollars with enough digits for a single run ("$0.0012"); "—" when a price was unknown. */
export function formatCost(usd: number | null | undefined, format: Format): string {
  if (usd === null || usd === undefined) return '—';
  return format.usd(usd);
}
