import {
  bigint,
  doublePrecision,
  index,
  integer,
  type PgIntegerBuilderInitial,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { workspaces } from './auth';

/**
 * Upper bounds (ms, exclusive) of the latency histograms' buckets, about 1.5× apart (log-spaced, rounded
 * to readable numbers); a last bucket holds everything from 1,000,000 ms (~17 min) on. Changing them
 * changes the columns (`first_token_<i>`, `duration_<i>`): add a migration that rebuilds the rollups.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [
  5, 10, 15, 25, 40, 60, 100, 150, 250, 400, 600, 1_000, 1_500, 2_500, 4_000, 6_000, 10_000, 15_000, 25_000,
  40_000, 60_000, 100_000, 150_000, 250_000, 400_000, 600_000, 1_000_000,
] as const;

/** How many buckets a latency histogram has (the bounds, plus one for what lies beyond the last). */
export const LATENCY_BUCKETS = LATENCY_BUCKET_BOUNDS_MS.length + 1;

type HistogramColumns<Prefix extends string> = Record<
  `${Prefix}${number}`,
  ReturnType<typeof histogramColumn>
>;

const histogramColumn = (name: string): PgIntegerBuilderInitial<''> =>
  integer(name).notNull().default(0) as unknown as PgIntegerBuilderInitial<''>;

/** One integer column per bucket (`<prefix>_0` …): sums of columns aggregate far faster than of arrays. */
function histogramColumns<Prefix extends string>(prefix: Prefix, column: string): HistogramColumns<Prefix> {
  return Object.fromEntries(
    Array.from({ length: LATENCY_BUCKETS }, (_, index) => [
      `${prefix}${index}`,
      histogramColumn(`${column}_${index}`),
    ]),
  ) as HistogramColumns<Prefix>;
}

/** The key's columns other than the time, and the counters: the same in the hourly and daily rollups. */
const rollupColumns = () => ({
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  agentId: text('agent_id')
    .notNull()
    .references(() => agents.id, { onDelete: 'cascade' }),
  /** The published version's id, '' for the draft. */
  versionId: text('version_id').notNull().default(''),
  source: text('source').notNull(),
  /** 'provider:model', '' for the run-level row. */
  model: text('model').notNull().default(''),
});

/** The counters and both latency histograms of a rollup row. */
const rollupCounters = () => ({
  runs: integer('runs').notNull().default(0),
  failures: integer('failures').notNull().default(0),
  inputTokens: bigint('input_tokens', { mode: 'number' }).notNull().default(0),
  outputTokens: bigint('output_tokens', { mode: 'number' }).notNull().default(0),
  costUsd: doublePrecision('cost_usd').notNull().default(0),
  unpricedTokens: bigint('unpriced_tokens', { mode: 'number' }).notNull().default(0),
  ...histogramColumns('firstToken', 'first_token'),
  ...histogramColumns('duration', 'duration'),
});

/**
 * What an agent's runs did in one hour (the Usage page's 24 hours read this), per version ('' = draft),
 * source and model. Rows with model '' count the runs (runs, failures, their tokens and cost, latency
 * histograms of the first answer token and of the whole run); rows with a model ('provider:model') hold
 * the tokens and cost of that model's nodes and the runs that used it. Written with the runs' outcomes,
 * gathered and upserted together with `usage_daily`; `cost_usd` leaves out tokens of unpriced models,
 * counted in `unpriced_tokens`.
 */
export const usageHourly = pgTable(
  'usage_hourly',
  {
    ...rollupColumns(),
    /** The hour (UTC) the runs started in. */
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    ...rollupCounters(),
  },
  (table) => [
    primaryKey({
      columns: [table.workspaceId, table.agentId, table.versionId, table.source, table.model, table.hour],
    }),
    index('usage_hourly_workspace_idx').on(table.workspaceId, table.hour),
    index('usage_hourly_agent_idx').on(table.agentId, table.hour),
  ],
);

/**
 * The same rollups per day (UTC), written by the same upsert as `usage_hourly`: the 7 and 30 day views
 * read these, 24 times fewer rows than the hours they sum.
 */
export const usageDaily = pgTable(
  'usage_daily',
  {
    ...rollupColumns(),
    /** 00:00 UTC of the day the runs started in. */
    day: timestamp('day', { withTimezone: true }).notNull(),
    ...rollupCounters(),
  },
  (table) => [
    primaryKey({
      columns: [table.workspaceId, table.agentId, table.versionId, table.source, table.model, table.day],
    }),
    index('usage_daily_workspace_idx').on(table.workspaceId, table.day),
    index('usage_daily_agent_idx').on(table.agentId, table.day),
  ],
);
