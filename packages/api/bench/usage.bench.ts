// Usage dashboard benchmark: one million runs over 30 days (20 agents, 5 sources, 3 models) on the embedded
// database (PGlite, on disk), rolled up by the migration's backfill (hourly and daily); then the Usage
// page's summary for 24h (hourly rows) and 7d/30d (daily rows), for the workspace and one agent (median
// of 5), beside the same numbers read from `runs`.
// Run: pnpm exec tsx --liftoff-only bench/usage.bench.ts  (from packages/api), or `pnpm bench usage`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@agentry/db';
import { sql } from '@agentry/db/drizzle';
import { loadConfig } from '../src/config';
import { createRuntime } from '../src/runtime';
import { publishAgent } from '../src/services/agent-versions';
import { createAgent } from '../src/services/agents';
import { createOwner, createSession, resolveSession } from '../src/services/auth';
import { usageSummary } from '../src/services/usage';
import { usageBackfillSql } from '../src/services/usage-backfill';
import { rangeBuckets } from '../src/services/usage';
import type { UsageRange } from '../src/services/usage-types';

const RUNS = 1_000_000;
const AGENTS = 20;
const MODELS = [
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['offline', 'agentry-offline'],
] as const;

const graphOf = (provider: string, model: string) => ({
  version: 1,
  nodes: [
    { id: 'chat-input', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
    { id: 'model', type: 'model', position: { x: 200, y: 0 }, data: { config: { provider, model } } },
    { id: 'chat-output', type: 'chat-output', position: { x: 400, y: 0 }, data: { config: {} } },
  ],
  edges: [
    { id: 'a', source: 'chat-input', sourceHandle: 'message', target: 'model', targetHandle: 'prompt' },
    { id: 'b', source: 'model', sourceHandle: 'text', target: 'chat-output', targetHandle: 'text' },
  ],
});

const dataDir = mkdtempSync(path.join(tmpdir(), 'agentry-bench-usage-'));
const database = await openDatabase({ dataDir: path.join(dataDir, 'db') });
const runtime = await createRuntime(loadConfig({ AGENTRY_DATA_DIR: dataDir }), { database });
const userId = await createOwner(runtime, {
  name: 'Bench',
  email: 'bench@example.com',
  password: 'a-long-password',
});
const actor = (await resolveSession(runtime, await createSession(runtime, userId)))!;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
let started = performance.now();
const agents: { n: number; id: string; version_id: string; graph: unknown }[] = [];
for (let n = 0; n < AGENTS; n++) {
  const [provider, model] = MODELS[n % MODELS.length]!;
  const graph = graphOf(provider, model);
  const agent = await createAgent(runtime, actor, { name: `Agent ${n + 1}`, graph });
  const version = await publishAgent(runtime, actor, { id: agent.id });
  agents.push({ n, id: agent.id, version_id: version.id, graph });
}
// Sources preview and eval run the draft (with its graph in the row); widget, api and mcp the version.
await runtime.db.execute(sql`create temporary table bench_agents as
  select * from jsonb_to_recordset(${JSON.stringify(agents)}::jsonb) as a(n int, id text, version_id text, graph jsonb)`);
await runtime.db.execute(sql`insert into runs (id, workspace_id, agent_id, version_id, source, status, input, graph,
    usage, started_at, ended_at, duration_ms)
  select gen_random_uuid()::text, ${actor.workspaceId}, a.id,
    case when s.source in ('preview', 'eval') then null else a.version_id end, s.source,
    case when i % 37 = 0 then 'failed' else 'succeeded' end, '{}'::jsonb,
    case when s.source in ('preview', 'eval') then a.graph end,
    jsonb_build_object('inputTokens', 200 + i % 800, 'outputTokens', 20 + i % 400),
    t.at, t.at + make_interval(secs => d.ms / 1000.0), d.ms
  from generate_series(0, ${RUNS - 1}) as i
  join bench_agents a on a.n = i % ${AGENTS}
  cross join lateral (select (array['preview', 'widget', 'api', 'mcp', 'eval'])[1 + (i / ${AGENTS}) % 5] as source) s
  cross join lateral (select now() - make_interval(secs => (i::float8 / ${RUNS}) * 30 * 86400) as at) t
  cross join lateral (select (50 * exp(((i::bigint * 7919) % 1000) / 1000.0 * 6))::int as ms) d`);
await runtime.db.execute(sql`update runs set steps = jsonb_build_array(jsonb_build_object('id', gen_random_uuid()::text,
  'nodeId', 'model', 'nodeType', 'model', 'status', 'done', 'usage', usage, 'durationMs', duration_ms))`);
console.log(`seeded ${RUNS.toLocaleString('en')} runs and their steps in ${seconds(started)}`);
started = performance.now();
await runtime.db.execute(sql.raw(usageBackfillSql()));
await runtime.db.execute(sql`analyze`);
const [{ hours, days } = { hours: 0, days: 0 }] = (
  (await runtime.db.execute(
    sql`select (select count(*) from usage_hourly)::int as hours, (select count(*) from usage_daily)::int as days`,
  )) as { rows: { hours: number; days: number }[] }
).rows;
console.log(
  `rolled up by the migration's backfill in ${seconds(started)} (${hours.toLocaleString('en')} hourly and ${days.toLocaleString('en')} daily rollup rows)`,
);

/** The same numbers read from `runs` (no model breakdown: that would also read the steps and graphs). */
async function fromRuns(range: UsageRange, agentId?: string) {
  const { bucket, from } = rangeBuckets(range);
  const agent = agentId ? sql` and agent_id = ${agentId}` : sql``;
  await runtime.db.execute(sql`select grouping(at, agent_id, source, version_id) as set, at, agent_id, source,
      version_id, count(*), count(*) filter (where status = 'failed'), sum((usage->>'inputTokens')::bigint),
      sum((usage->>'outputTokens')::bigint), percentile_cont(0.5) within group (order by duration_ms),
      percentile_cont(0.95) within group (order by duration_ms)
    from (select *, date_trunc(${bucket}, started_at, 'UTC') as at from runs
      where workspace_id = ${actor.workspaceId}${agent} and started_at >= ${from.toISOString()}::timestamptz
        and status in ('succeeded', 'failed', 'cancelled')) as run
    group by grouping sets ((at), (agent_id), (source), (version_id), ())`);
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2]!;
}

console.log('\nscope      range   summary (rollups)   baseline (runs table)');
for (const [scope, agentId] of [
  ['workspace', undefined],
  ['one agent', agents[0]!.id],
] as const) {
  for (const range of ['24h', '7d', '30d'] as const) {
    const summary = await median(() => usageSummary(runtime, actor, { range, agentId }));
    const baseline = await median(() => fromRuns(range, agentId));
    console.log(
      `${scope.padEnd(10)} ${range.padEnd(7)} ${`${summary.toFixed(0)} ms`.padStart(10)}          ${`${baseline.toFixed(0)} ms`.padStart(10)}`,
    );
  }
}
const check = await usageSummary(runtime, actor, { range: '30d' });
console.log(
  `\n30d totals: ${check.totals.runs.toLocaleString('en')} runs, ${check.totals.failures} failures, duration p50/p95 ${check.totals.durationMs?.p50}/${check.totals.durationMs?.p95} ms; target < 1000 ms per summary`,
);
await database.close();
rmSync(dataDir, { recursive: true, force: true });
