import type { UsageBucket } from './usage-types';

const COUNT = new Intl.NumberFormat('en-US');
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** A count with thousands separators: "1,234,567". */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** A count short enough for an axis: "950", "12K", "3.4M". */
export function formatCompact(value: number): string {
  return COMPACT.format(value);
}

/** A share (0…1) as a percentage with one decimal where it matters: "0%", "2.5%", "100%". */
export function formatPercent(share: number): string {
  const percent = Math.min(1, Math.max(0, share)) * 100;
  return `${Number.isInteger(Math.round(percent * 10) / 10) ? Math.round(percent) : percent.toFixed(1)}%`;
}

/** Failures as a share of runs ("2.5%"), or "—" when there were no runs. */
export function formatFailureRate(failures: number, runs: number): string {
  return runs > 0 ? formatPercent(failures / runs) : '—';
}

/**
 * US dollars: cents with thousands separators from a cent up ("$1,234.50"), two significant digits below
 * it so a small spend does not read as "$0.00" ("$0.0042"), "$0.00" for nothing, "unknown" for null (a
 * model without a known price).
 */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd === 0) return '$0.00';
  const rounded = Math.abs(usd) >= 0.01 ? usd : Number(usd.toPrecision(2));
  if (Math.abs(rounded) >= 0.01) {
    return `$${rounded.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  }
  // Two significant digits: 0.0042 needs four decimals, 0.000051 six.
  return `$${rounded.toFixed(1 - Math.floor(Math.log10(Math.abs(rounded))))}`;
}

/** A duration: "850 ms", "2.4 s", "3 min 5 s"; "—" when unknown. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** An axis label for a duration: "0", "500 ms", "1.5 s", "2 min". */
export function formatMsAxis(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toPrecision(3))} s`;
  return `${Number((ms / 60_000).toPrecision(3))} min`;
}

/**
 * The time zone a bucket is shown in. The server cuts days at midnight UTC, so a day bucket is named in
 * UTC (elsewhere its start would read as the day before); hours read in the viewer's own zone.
 */
function zoneOf(bucket: UsageBucket, timeZone: string | undefined): string | undefined {
  return bucket === 'day' ? 'UTC' : timeZone;
}

/** A bucket's start on the x axis: "14:00" for an hour, "Dec 6" for a day. */
export function bucketLabel(at: string, bucket: UsageBucket, timeZone?: string): string {
  const zone = zoneOf(bucket, timeZone);
  const options: Intl.DateTimeFormatOptions =
    bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }
      : { month: 'short', day: 'numeric', timeZone: zone };
  return new Intl.DateTimeFormat('en-US', options).format(new Date(at));
}

/** A bucket named in full for tooltips and screen readers: "Dec 6, 14:00–15:00" or "Dec 6 (UTC)". */
export function bucketTitle(at: string, bucket: UsageBucket, timeZone?: string): string {
  const start = new Date(at);
  const zone = zoneOf(bucket, timeZone);
  const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: zone }).format(
    start,
  );
  if (bucket === 'day') return `${day} (UTC)`;
  const end = new Date(start.getTime() + 3_600_000);
  return `${day}, ${bucketLabel(start.toISOString(), 'hour', zone)}–${bucketLabel(end.toISOString(), 'hour', zone)}`;
}
