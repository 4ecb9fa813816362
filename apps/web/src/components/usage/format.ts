import type { Format } from '../../i18n/format';
import type { UsageBucket } from './usage-types';

/** Failures as a share of runs ("2.5%"), or "—" when there were no runs. */
export function formatFailureRate(failures: number, runs: number, format: Format): string {
  return runs > 0 ? format.percent(Math.min(1, Math.max(0, failures / runs))) : '—';
}

/**
 * US dollars: cents with thousands separators from a cent up ("$1,234.50"), two significant digits below
 * it so a small spend does not read as "$0.00" ("$0.0042"), "$0.00" for nothing. An unknown cost (a model
 * without a known price) is the caller's to word.
 */
export function formatUsd(usd: number, format: Format): string {
  if (usd === 0) return format.usd(0);
  const rounded = Math.abs(usd) >= 0.01 ? usd : Number(usd.toPrecision(2));
  if (Math.abs(rounded) >= 0.01) return format.usd(rounded);
  // Two significant digits: 0.0042 needs four decimals, 0.000051 six.
  const digits = 1 - Math.floor(Math.log10(Math.abs(rounded)));
  return format.number(rounded, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A duration: "850 ms", "2.4 sec", "3 min 5 sec" in the page's language; "—" when unknown. */
export function formatMs(ms: number | null | undefined, format: Format): string {
  return ms === null || ms === undefined ? '—' : format.duration(ms);
}

/** An axis label for a duration: "0", "500 ms", "1.5 sec", "2 min". */
export function formatMsAxis(ms: number, format: Format): string {
  return ms === 0 ? format.number(0) : format.duration(ms);
}

/**
 * The time zone a bucket is shown in. The server cuts days at midnight UTC, so a day bucket is named in
 * UTC (elsewhere its start would read as the day before); hours read in the viewer's own zone.
 */
function zoneOf(bucket: UsageBucket, timeZone: string | undefined): string | undefined {
  return bucket === 'day' ? 'UTC' : timeZone;
}

/** A bucket's start on the x axis: "14:00" for an hour, "Dec 6" for a day. */
export function bucketLabel(at: string, bucket: UsageBucket, locale: string, timeZone?: string): string {
  const zone = zoneOf(bucket, timeZone);
  const options: Intl.DateTimeFormatOptions =
    bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }
      : { month: 'short', day: 'numeric', timeZone: zone };
  return new Intl.DateTimeFormat(locale, options).format(new Date(at));
}

/**
 * The parts of a bucket's full name for tooltips and screen readers: its day, and for an hour its start
 * and end ("Dec 6", "14:00", "15:00"). The page words them ("Dec 6, 14:00–15:00", "Dec 6 (UTC)").
 */
export function bucketParts(
  at: string,
  bucket: UsageBucket,
  locale: string,
  timeZone?: string,
): { day: string; from?: string; to?: string } {
  const start = new Date(at);
  const zone = zoneOf(bucket, timeZone);
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: zone }).format(
    start,
  );
  if (bucket === 'day') return { day };
  const end = new Date(start.getTime() + 3_600_000);
  return {
    day,
    from: bucketLabel(start.toISOString(), 'hour', locale, zone),
    to: bucketLabel(end.toISOString(), 'hour', locale, zone),
  };
}
