import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_BUCKETS } from '@agentry/db';
import { type SQL, sql } from '@agentry/db/drizzle';
import type { RunOutcomeRecord, RunStartRecord } from './run-journal';
import { usageByModel } from './usage-models';

const KEY = ['workspace_id', 'agent_id', 'version_id', 'source', 'model', 'hour'] as const;
const bucketColumns = (prefix: string) => Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${prefix}_${i}`);
const FIRST_TOKEN = bucketColumns('first_token');
const DURATION = bucketColumns('duration');
const COUNTERS = ['runs', 'failures', 'input_tokens', 'output_tokens', 'cost_usd', 'unpriced_tokens'];

/** `width_bucket(ms, bounds)` numbers the buckets exactly as `latencyBucket` does (0 below the first bound). */
export const LATENCY_BUCKET_SQL = (ms: string) =>
  `width_bucket(${ms}, array[${LATENCY_BUCKET_BOUNDS_MS.join(',')}])`;

/**
 * The upsert that adds contributions to the hourly rollups. `contributions` is a query with the columns
 * of the key (workspace_id, agent_id, version_id, source, model, hour) and, per run (and model), failed
 * (0/1), input_tokens, output_tokens, cost_usd, unpriced_tokens and the latency buckets ft and du (null
 * when unmeasured). Rows of one key are summed first: an upsert may touch a row only once. The run
 * journal and the migration's backfill both use it, so both count the same way.
 */
export function rollupUpsertSql(contributions: string): string {
  const histogram = (columns: string[], bucket: string) =>
    columns.map((_, index) => `count(*) filter (where ${bucket} = ${index})`);
  const columns = [...KEY, ...COUNTERS, ...FIRST_TOKEN, ...DURATION];
  const values = [
    ...KEY,
    'count(*)',
    'sum(failed)',
    'sum(input_tokens)',
    'sum(output_tokens)',
    'sum(cost_usd)',
    'sum(unpriced_tokens)',
    ...histogram(FIRST_TOKEN, 'ft'),
    ...histogram(DURATION, 'du'),
  ];
  const updates = [...COUNTERS, ...FIRST_TOKEN, ...DURATION].map(
    (column) => `${column} = usage_hourly.${column} + excluded.${column}`,
  );
  return `insert into usage_hourly (${columns.join(', ')})
select ${values.join(', ')}
from (${contributions}) as contribution
group by ${KEY.join(', ')}
on conflict (${KEY.join(', ')}) do update set ${updates.join(', ')}`;
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
    const [total, ...models] = usageByModel(outcome.graph, outcome.steps);
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

/** The upsert that adds contributions (of runs whose rows are written) to the hourly rollups. */
export function usageUpsert(rows: readonly UsageContribution[]): SQL {
  const contributions = `select coalesce(u.workspace_id, runs.workspace_id) as workspace_id,
  coalesce(u.agent_id, runs.agent_id) as agent_id, coalesce(u.version_id, runs.version_id, '') as version_id,
  coalesce(u.source, runs.source) as source, u.model,
  date_trunc('hour', coalesce(u.started_at, runs.started_at), 'UTC') as hour, u.failed, u.input_tokens,
  u.output_tokens, u.cost_usd, u.unpriced_tokens, ${LATENCY_BUCKET_SQL('u.first_token_ms')} as ft,
  ${LATENCY_BUCKET_SQL('u.duration_ms')} as du
from jsonb_to_recordset($ROWS) as u(run_id text, workspace_id text, agent_id text, version_id text,
  source text, started_at timestamptz, model text, failed integer, input_tokens bigint, output_tokens bigint,
  cost_usd double precision, unpriced_tokens bigint, first_token_ms double precision, duration_ms double precision)
left join runs on u.workspace_id is null and runs.id = u.run_id
where coalesce(u.workspace_id, runs.workspace_id) is not null`;
  const [before, after] = rollupUpsertSql(contributions).split('$ROWS') as [string, string];
  return sql`${sql.raw(before)}${JSON.stringify(rows)}::jsonb${sql.raw(after)}`;
}
