import type { UsageRange, UsageTotals } from '@agentry/api';

// The Usage pages' own names and labels; the shapes of the `usage` router's answers come from the api
// package as plain types, so the framework-free helpers and their tests do not depend on the router.

export type { LatencyPercentiles as Percentiles, UsageRange, UsageRow, UsageTotals } from '@agentry/api';

/** The periods the Usage pages offer, as `usage.summary` takes them. */
export const USAGE_RANGES = ['24h', '7d', '30d'] as const satisfies readonly UsageRange[];

/** How long a chart bucket is: hours for 24 h, days for 7 d and 30 d. */
export type UsageBucket = 'hour' | 'day';

/** One bucket of the series: its start (ISO) and its totals. */
export type UsagePoint = { at: string } & UsageTotals;

/** The breakdowns `usage.summary` returns. */
export type UsageDimension = 'agent' | 'model' | 'source' | 'version';

/** The range named in a URL (`?range=7d`), or 24 h when it names none or something else. */
export function parseRange(value: string | string[] | undefined | null): UsageRange {
  const text = Array.isArray(value) ? value[0] : value;
  return (USAGE_RANGES as readonly string[]).includes(text ?? '') ? (text as UsageRange) : '24h';
}
