import { z } from 'zod';

/** The ranges the Usage page offers. */
export const usageRange = z.enum(['24h', '7d', '30d']);

/** A range of the Usage page. */
export type UsageRange = z.infer<typeof usageRange>;

/** What the Usage page asks for: a range, for the workspace or one of its agents. */
export const usageInput = z.object({
  range: usageRange,
  agentId: z.string().min(1).max(100).optional(),
});

/** Input of `usageSummary` and `exportUsageCsv`. */
export type UsageInput = z.infer<typeof usageInput>;

/** A latency's median and 95th percentile, in milliseconds, estimated from a histogram. */
export interface LatencyPercentiles {
  p50: number;
  p95: number;
}

/** The numbers of a bucket, a breakdown row or a whole range. */
export interface UsageTotals {
  runs: number;
  failures: number;
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost in USD; null when some tokens were used by a model with no known price. */
  costUsd: number | null;
  /** Time from the request to the first token of the answer; null when no run measured it. */
  firstTokenMs: LatencyPercentiles | null;
  /** Time from the request to the end of the run; null when no run measured it. */
  durationMs: LatencyPercentiles | null;
}

/** One line of a breakdown: its key (agent id, "provider:model", source, version id or '') and label. */
export interface UsageRow extends UsageTotals {
  key: string;
  label: string;
}

/** The Usage page's data for a range. */
export interface UsageSummary {
  range: UsageRange;
  bucket: 'hour' | 'day';
  /** Start of the first bucket (ISO). */
  from: string;
  /** End of the range, now (ISO). */
  to: string;
  totals: UsageTotals;
  /** Every bucket of the range, oldest first, empty ones with zeros. */
  series: ({ at: string } & UsageTotals)[];
  by: { agent: UsageRow[]; model: UsageRow[]; source: UsageRow[]; version: UsageRow[] };
}

/** A CSV file of a range's usage. */
export interface UsageCsv {
  filename: string;
  text: string;
}
