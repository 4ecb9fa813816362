import { sql } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import { queryRows } from '../knowledge/query-rows';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import type { Actor } from './auth';
import {
  agentNames,
  rangeBuckets,
  rollupTable,
  totalsOf,
  USAGE_SUMS,
  usageScope,
  versionLabel,
  versionNumbers,
} from './usage';
import type { UsageCsv, UsageInput } from './usage-types';
import { usageWrites } from './usage-writes';

/** Most lines an export holds; past it the caller is asked to narrow the range or pick an agent. */
export const MAX_CSV_ROWS = 100_000;

const HEADER = [
  'bucket_start',
  'agent_id',
  'agent',
  'version',
  'source',
  'model',
  'runs',
  'failures',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'first_token_p50_ms',
  'first_token_p95_ms',
  'duration_p50_ms',
  'duration_p95_ms',
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text that
 * a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The range's usage as CSV: one line per bucket × agent × version × source × model. Lines with model
 * "(all)" are the runs' totals; the others give each model's share of tokens and cost and the runs that
 * used it (sum one kind or the other, not both). Times are UTC; cost is empty when unknown.
 */
export async function exportUsageCsv(runtime: Runtime, actor: Actor, input: UsageInput): Promise<UsageCsv> {
  const agent = input.agentId ? await getAgent(runtime, actor.workspaceId, input.agentId) : undefined;
  // This process's ended runs are counted before reading (others write theirs within USAGE_FLUSH_MS).
  await usageWrites(runtime).flush();
  const { bucket, from, to } = rangeBuckets(input.range);
  const { table, time } = rollupTable(bucket);
  const rows = await queryRows<Record<string, unknown>>(
    runtime,
    sql`select (extract(epoch from ${time}) * 1000)::float8 as at, agent_id,
        version_id, source, model, ${sql.raw(USAGE_SUMS)}
      from ${table} where ${usageScope(actor.workspaceId, agent?.id, from, bucket)}
      group by at, agent_id, version_id, source, model
      order by at, agent_id, version_id, source, model
      limit ${MAX_CSV_ROWS + 1}`,
  );
  if (rows.length > MAX_CSV_ROWS)
    throw new AppError(
      'too_large',
      `This export would have more than ${MAX_CSV_ROWS} lines; choose a shorter range or one agent.`,
    );
  const [names, versions] = await Promise.all([
    agentNames(runtime, actor.workspaceId, [...new Set(rows.map((row) => String(row.agent_id)))]),
    versionNumbers(runtime, actor.workspaceId, [...new Set(rows.map((row) => String(row.version_id)))]),
  ]);
  const lines = rows.map((row) => {
    const totals = totalsOf(row);
    const agentId = String(row.agent_id);
    return [
      new Date(Number(row.at)).toISOString(),
      agentId,
      names.get(agentId) ?? 'Deleted agent',
      versionLabel(String(row.version_id), versions),
      String(row.source),
      String(row.model) || '(all)',
      totals.runs,
      totals.failures,
      totals.inputTokens,
      totals.outputTokens,
      totals.costUsd,
      totals.firstTokenMs?.p50 ?? null,
      totals.firstTokenMs?.p95 ?? null,
      totals.durationMs?.p50 ?? null,
      totals.durationMs?.p95 ?? null,
    ]
      .map(csvField)
      .join(',');
  });
  const subject = agent ? agent.slug : 'workspace';
  return {
    filename: `usage-${subject}-${input.range}-${to.toISOString().slice(0, 10)}.csv`,
    text: `${[HEADER.join(','), ...lines].join('\r\n')}\r\n`,
  };
}
