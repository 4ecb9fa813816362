import { LATENCY_BUCKETS } from '@agentry/db';
import { type SQL, sql } from '@agentry/db/drizzle';
import { queryRows } from '../knowledge/query-rows';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import type { Actor } from './auth';
import { latencyPercentiles } from './usage-histogram';
import type { UsageInput, UsageRange, UsageRow, UsageSummary, UsageTotals } from './usage-types';
import { usageWrites } from './usage-writes';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Each range's bucket and how many of them it shows (the last one is the current hour or day). */
const RANGES: Record<UsageRange, { bucket: 'hour' | 'day'; count: number }> = {
  '24h': { bucket: 'hour', count: 24 },
  '7d': { bucket: 'day', count: 7 },
  '30d': { bucket: 'day', count: 30 },
};

/** The buckets of a range ending now, in UTC: the start of the first and the size of each. */
export function rangeBuckets(range: UsageRange, now = new Date()) {
  const { bucket, count } = RANGES[range];
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const first = Math.floor(now.getTime() / size) * size - (count - 1) * size;
  return { bucket, size, count, from: new Date(first), to: now };
}

/** The rollup columns every aggregate sums, as `sum(x) as x`. */
export const USAGE_SUMS = [
  'runs',
  'failures',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'unpriced_tokens',
  ...Array.from({ length: LATENCY_BUCKETS }, (_, i) => `first_token_${i}`),
  ...Array.from({ length: LATENCY_BUCKETS }, (_, i) => `duration_${i}`),
]
  .map((column) => `sum(${column})::float8 as ${column}`)
  .join(', ');

/** A row of sums as the driver returns it (numbers, or strings for the wide types on some drivers). */
type SumRow = Record<string, unknown>;

/** Turns a row of sums into the totals the page shows. */
export function totalsOf(row: SumRow | undefined): UsageTotals {
  const number = (column: string) => Number(row?.[column] ?? 0);
  const histogram = (prefix: string) =>
    Array.from({ length: LATENCY_BUCKETS }, (_, i) => number(`${prefix}_${i}`));
  return {
    runs: number('runs'),
    failures: number('failures'),
    inputTokens: number('input_tokens'),
    outputTokens: number('output_tokens'),
    costUsd: number('unpriced_tokens') > 0 ? null : number('cost_usd'),
    firstTokenMs: latencyPercentiles(histogram('first_token')),
    durationMs: latencyPercentiles(histogram('duration')),
  };
}

/**
 * The rollups a bucket size reads: the hours for 24 hours, the days (24 times fewer rows) for 7 and 30
 * days. `time` is the column holding the bucket's start, so it is the series' bucket as it is.
 */
export function rollupTable(bucket: 'hour' | 'day'): { table: SQL; time: SQL } {
  return bucket === 'hour'
    ? { table: sql.raw('usage_hourly'), time: sql.raw('hour') }
    : { table: sql.raw('usage_daily'), time: sql.raw('day') };
}

/** Rollup rows of the workspace (or of one of its agents) in the range: the index's prefix and time. */
export function usageScope(
  workspaceId: string,
  agentId: string | undefined,
  from: Date,
  bucket: 'hour' | 'day',
): SQL {
  const agent = agentId ? sql` and agent_id = ${agentId}` : sql``;
  const { time } = rollupTable(bucket);
  return sql`workspace_id = ${workspaceId}${agent} and ${time} >= ${from.toISOString()}::timestamptz`;
}

const byRows = (rows: SumRow[], column: string, label: (key: string) => string): UsageRow[] =>
  rows
    .map((row) => ({ key: String(row[column]), label: label(String(row[column])), ...totalsOf(row) }))
    .sort((a, b) => b.runs - a.runs || a.label.localeCompare(b.label));

/**
 * The Usage page's numbers for a range: totals, a series with every bucket (empty ones as zeros) and
 * breakdowns by agent, model, source and version. Reads only the rollups (hourly for 24 hours, daily for
 * 7 and 30 days), two statements: run rows grouped every way at once (grouping sets), then model rows by
 * model.
 */
export async function usageSummary(runtime: Runtime, actor: Actor, input: UsageInput): Promise<UsageSummary> {
  const agent = input.agentId ? await getAgent(runtime, actor.workspaceId, input.agentId) : undefined;
  // This process's ended runs are counted before reading (others write theirs within USAGE_FLUSH_MS).
  await usageWrites(runtime).flush();
  const { bucket, size, count, from, to } = rangeBuckets(input.range);
  const where = usageScope(actor.workspaceId, agent?.id, from, bucket);
  const { table, time } = rollupTable(bucket);
  const [grouped, models] = await Promise.all([
    queryRows<SumRow>(
      runtime,
      sql`select grouping(at, agent_id, source, version_id)::int as set, at, agent_id, source, version_id, ${sql.raw(USAGE_SUMS)}
        from (select *, (extract(epoch from ${time}) * 1000)::float8 as at
          from ${table} where ${where} and model = '') as run
        group by grouping sets ((at), (agent_id), (source), (version_id), ())`,
    ),
    queryRows<SumRow>(
      runtime,
      sql`select model, ${sql.raw(USAGE_SUMS)} from ${table} where ${where} and model <> '' group by model`,
    ),
  ]);
  // grouping() sets a bit per column left out, in the order named: at 8, agent 4, source 2, version 1.
  const set = (mask: number) => grouped.filter((row) => Number(row.set) === mask);
  const atBucket = new Map(set(0b0111).map((row) => [Number(row.at), row]));
  const series = Array.from({ length: count }, (_, index) => {
    const at = from.getTime() + index * size;
    return { at: new Date(at).toISOString(), ...totalsOf(atBucket.get(at)) };
  });
  const agentRows = set(0b1011);
  const versionRows = set(0b1110);
  const [names, versions] = await Promise.all([
    agentNames(
      runtime,
      actor.workspaceId,
      agentRows.map((row) => String(row.agent_id)),
    ),
    versionNumbers(
      runtime,
      actor.workspaceId,
      versionRows.map((row) => String(row.version_id)),
    ),
  ]);
  return {
    range: input.range,
    bucket,
    from: from.toISOString(),
    to: to.toISOString(),
    totals: totalsOf(set(0b1111)[0]),
    series,
    by: {
      agent: byRows(agentRows, 'agent_id', (id) => names.get(id) ?? 'Deleted agent'),
      model: byRows(models, 'model', (model) => model),
      source: byRows(set(0b1101), 'source', (source) => source),
      version: byRows(versionRows, 'version_id', (id) => versionLabel(id, versions)),
    },
  };
}

/** "draft" for '', "v3" for a version, "deleted version" when its row is gone. */
export function versionLabel(versionId: string, numbers: Map<string, number>): string {
  if (versionId === '') return 'draft';
  const number = numbers.get(versionId);
  return number === undefined ? 'deleted version' : `v${number}`;
}

/** Names of the workspace's agents among `ids`. */
export async function agentNames(runtime: Runtime, workspaceId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await queryRows<{ id: string; name: string }>(
    runtime,
    sql`select id, name from agents where workspace_id = ${workspaceId}
      and id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`,
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Version numbers of the workspace's agent versions among `ids` ('' is the draft, not looked up). */
export async function versionNumbers(runtime: Runtime, workspaceId: string, ids: string[]) {
  const wanted = ids.filter((id) => id !== '');
  if (wanted.length === 0) return new Map<string, number>();
  const rows = await queryRows<{ id: string; version: number }>(
    runtime,
    sql`select agent_versions.id, agent_versions.version from agent_versions
      join agents on agents.id = agent_versions.agent_id
      where agents.workspace_id = ${workspaceId}
        and agent_versions.id in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))`,
  );
  return new Map(rows.map((row) => [row.id, Number(row.version)]));
}
