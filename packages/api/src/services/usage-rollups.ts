import { LATENCY_BUCKETS } from '@agentry/db';
import { type SQL, sql } from '@agentry/db/drizzle';
import type { RunOutcomeRecord, RunStartRecord } from './run-journal';
import { latencyBucket } from './usage-histogram';
import { usageByModel } from './usage-models';

const KEY = ['workspace_id', 'agent_id', 'version_id', 'source', 'model'] as const;
const bucketColumns = (prefix: string) => Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${prefix}_${i}`);
const FIRST_TOKEN = bucketColumns('first_token');
const DURATION = bucketColumns('duration');
const COUNTERS = ['runs', 'failures', 'input_tokens', 'output_tokens', 'cost_usd', 'unpriced_tokens'];
const SUMMED = [...COUNTERS, ...FIRST_TOKEN, ...DURATION];

/** `insert into <table> … select <values> … on conflict do update` adding to the counters already there. */
function addTo(table: string, time: string, values: string[], from: string, groupBy?: string): string {
  const key = [...KEY, time];
  const updates = SUMMED.map((column) => `${column} = ${table}.${column} + excluded.${column}`);
  return `insert into ${table} (${[...key, ...SUMMED].join(', ')})
select ${values.join(', ')}
from ${from}${groupBy ? `\ngroup by ${groupBy}` : ''}
on conflict (${key.join(', ')}) do update set ${updates.join(', ')}`;
}

/**
 * The upsert that adds contributions to the hourly and the daily rollups in one statement (on the
 * embedded database every statement costs the server's thread). `contributions` is a query with the
 * columns of the key (workspace_id, agent_id, version_id, source, model, hour) and, per group of runs
 * (and model) that share their key and latency buckets, runs (how many), failed, input_tokens,
 * output_tokens, cost_usd, unpriced_tokens (their sums) and the latency buckets ft and du (null when
 * unmeasured). They are summed per hour first (an upsert may touch a row only once), and the days from
 * those hours, so both tables count the same runs; the migration's backfill (0006_usage.sql) counts the
 * same way, one run per row.
 */
function rollupUpsertSql(contributions: string): string {
  const histogram = (columns: string[], bucket: string) =>
    columns.map((column, index) => `coalesce(sum(runs) filter (where ${bucket} = ${index}), 0) as ${column}`);
  const hourly = [
    ...KEY,
    'hour',
    'sum(runs) as runs',
    'sum(failed) as failures',
    'sum(input_tokens) as input_tokens',
    'sum(output_tokens) as output_tokens',
    'sum(cost_usd) as cost_usd',
    'sum(unpriced_tokens) as unpriced_tokens',
    ...histogram(FIRST_TOKEN, 'ft'),
    ...histogram(DURATION, 'du'),
  ];
  const day = "date_trunc('day', hour, 'UTC')";
  const daily = [...KEY, day, ...SUMMED.map((column) => `sum(${column})`)];
  return `with hourly as materialized (
select ${hourly.join(', ')}
from (${contributions}) as contribution
group by ${[...KEY, 'hour'].join(', ')}
), hours as (
${addTo('usage_hourly', 'hour', [...KEY, 'hour', ...SUMMED], 'hourly')}
)
${addTo('usage_daily', 'day', daily, 'hourly', [...KEY, day].join(', '))}`;
}

/** What one ended run adds to the rollups: its run-level row (model '') and one per model it used. */
export interface UsageContribution {
  run_id: string;
  /** Known when the run's start was in the same journal commit; otherwise read from its row. */
  workspace_id?: string;
  agent_id?: string;
  version_id?: string;
  source?: string;
  started_at?: Date;
  model: string;
  failed: 0 | 1;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  unpriced_tokens: number;
  first_token_ms: number | null;
  duration_ms: number | null;
}

/**
 * The rollup contributions of the runs that ended in one journal commit (waiting runs count when they
 * end). A run whose start was written earlier (a long run, a queue worker's, a resumed one) takes its key
 * from its row when the contributions are written.
 */
export function usageContributions(
  starts: readonly RunStartRecord[],
  outcomes: readonly RunOutcomeRecord[],
): UsageContribution[] {
  const startOf = new Map(starts.map((start) => [start.run.id, start.run]));
  const rows: UsageContribution[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'waiting') continue;
    const run = startOf.get(outcome.runId);
    const key = run
      ? {
          workspace_id: run.workspaceId,
          agent_id: run.agentId,
          version_id: run.versionId ?? '',
          source: run.source,
          started_at: run.startedAt,
        }
      : {};
    const common = {
      run_id: outcome.runId,
      ...key,
      failed: outcome.status === 'failed' ? 1 : 0,
      first_token_ms: outcome.firstTokenMs ?? null,
      // Rounded as the run's row stores it, so the backfill puts it in the same bucket.
      duration_ms: outcome.durationMs === null ? null : Math.round(outcome.durationMs),
    } as const;
    const [total, ...models] = usageByModel(outcome.graph, outcome.steps, outcome.prices);
    rows.push({
      ...common,
      model: '',
      input_tokens: outcome.usage?.inputTokens ?? 0,
      output_tokens: outcome.usage?.outputTokens ?? 0,
      cost_usd: total!.costUsd,
      unpriced_tokens: total!.unpricedTokens,
    });
    for (const model of models)
      rows.push({
        ...common,
        model: model.model,
        input_tokens: model.inputTokens,
        output_tokens: model.outputTokens,
        cost_usd: model.costUsd,
        unpriced_tokens: model.unpricedTokens,
      });
  }
  return rows;
}

/** A group of contributions as the upsert reads it: one per key, hour and latency buckets. */
interface RollupRow {
  /** Only for a run whose key is read from its row (it is then a group of one). */
  run_id?: string;
  workspace_id?: string;
  agent_id?: string;
  version_id?: string;
  source?: string;
  /** The start of the hour the runs started in. */
  hour?: string;
  model: string;
  runs: number;
  failed: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  unpriced_tokens: number;
  ft: number | null;
  du: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * Contributions summed per key, hour and latency buckets before they are sent. The statement's cost
 * grows with its rows (on the embedded database about 8 ms plus 0.03 ms a row, on the server's thread),
 * and the runs of one agent in one interval mostly share a few buckets: 600 contributions (2 s at 300
 * chats a second) became a 27 ms statement, now about 10 ms. Runs whose key is read from their row stay
 * one row each.
 */
export function rollupRows(rows: readonly UsageContribution[]): RollupRow[] {
  const groups = new Map<string, RollupRow>();
  const alone: RollupRow[] = [];
  for (const row of rows) {
    const ft = row.first_token_ms === null ? null : latencyBucket(row.first_token_ms);
    const du = row.duration_ms === null ? null : latencyBucket(row.duration_ms);
    const sums = {
      runs: 1,
      failed: row.failed,
      input_tokens: row.input_tokens,
      output_tokens: row.output_tokens,
      cost_usd: row.cost_usd,
      unpriced_tokens: row.unpriced_tokens,
    };
    if (row.workspace_id === undefined || row.started_at === undefined) {
      alone.push({ run_id: row.run_id, model: row.model, ...sums, ft, du });
      continue;
    }
    const hour = new Date(Math.floor(row.started_at.getTime() / HOUR_MS) * HOUR_MS).toISOString();
    const key = JSON.stringify([
      row.workspace_id,
      row.agent_id,
      row.version_id,
      row.source,
      row.model,
      hour,
      ft,
      du,
    ]);
    const group = groups.get(key);
    if (!group) {
      groups.set(key, {
        workspace_id: row.workspace_id,
        agent_id: row.agent_id,
        version_id: row.version_id,
        source: row.source,
        hour,
        model: row.model,
        ...sums,
        ft,
        du,
      });
      continue;
    }
    group.runs += 1;
    group.failed += sums.failed;
    group.input_tokens += sums.input_tokens;
    group.output_tokens += sums.output_tokens;
    group.cost_usd += sums.cost_usd;
    group.unpriced_tokens += sums.unpriced_tokens;
  }
  return [...groups.values(), ...alone];
}

/** The upsert that adds contributions (of runs whose rows are written) to the hourly and daily rollups. */
export function usageUpsert(rows: readonly UsageContribution[]): SQL {
  const contributions = `select coalesce(u.workspace_id, runs.workspace_id) as workspace_id,
  coalesce(u.agent_id, runs.agent_id) as agent_id, coalesce(u.version_id, runs.version_id, '') as version_id,
  coalesce(u.source, runs.source) as source, u.model,
  date_trunc('hour', coalesce(u.hour, runs.started_at), 'UTC') as hour, u.runs, u.failed, u.input_tokens,
  u.output_tokens, u.cost_usd, u.unpriced_tokens, u.ft, u.du
from jsonb_to_recordset($ROWS) as u(run_id text, workspace_id text, agent_id text, version_id text,
  source text, hour timestamptz, model text, runs integer, failed integer, input_tokens bigint,
  output_tokens bigint, cost_usd double precision, unpriced_tokens bigint, ft integer, du integer)
left join runs on u.workspace_id is null and runs.id = u.run_id
where coalesce(u.workspace_id, runs.workspace_id) is not null`;
  const [before, after] = rollupUpsertSql(contributions).split('$ROWS') as [string, string];
  return sql`${sql.raw(before)}${JSON.stringify(rollupRows(rows))}::jsonb${sql.raw(after)}`;
}
