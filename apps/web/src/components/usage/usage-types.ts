// The shapes of the `usage` router's answers that this folder reads. Kept structural, as the evals panel
// does, so the framework-free helpers and their tests do not depend on the router's inferred types; the
// dashboard hands the router's answers to components typed with these, so a drift fails the typecheck.

/** The periods the Usage pages offer, as `usage.summary` takes them. */
export const USAGE_RANGES = ['24h', '7d', '30d'] as const;

/** One of the Usage pages' periods. */
export type UsageRange = (typeof USAGE_RANGES)[number];

/** How long a chart bucket is: hours for 24 h, days for 7 d and 30 d. */
export type UsageBucket = 'hour' | 'day';

/** A median and a 95th percentile, in milliseconds. */
export interface Percentiles {
  p50: number;
  p95: number;
}

/** The numbers the server sums for a range, a bucket or a breakdown row (`usage.summary`'s Totals). */
export interface UsageTotals {
  runs: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when some tokens were spent on a model without a known price. */
  costUsd: number | null;
  firstTokenMs: Percentiles | null;
  durationMs: Percentiles | null;
}

/** One bucket of the series: its start (ISO) and its totals. */
export type UsagePoint = { at: string } & UsageTotals;

/** One row of a breakdown table (by agent, model, source or version). */
export type UsageRow = { key: string; label: string } & UsageTotals;

/** The breakdowns `usage.summary` returns. */
export type UsageDimension = 'agent' | 'model' | 'source' | 'version';

/** Long names of the periods, for the picker and the empty state. */
export const RANGE_LABELS: Record<UsageRange, { short: string; long: string }> = {
  '24h': { short: '24 h', long: 'the last 24 hours' },
  '7d': { short: '7 d', long: 'the last 7 days' },
  '30d': { short: '30 d', long: 'the last 30 days' },
};

/** The range named in a URL (`?range=7d`), or 24 h when it names none or something else. */
export function parseRange(value: string | string[] | undefined | null): UsageRange {
  const text = Array.isArray(value) ? value[0] : value;
  return (USAGE_RANGES as readonly string[]).includes(text ?? '') ? (text as UsageRange) : '24h';
}
