import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LATENCY_BUCKET_BOUNDS_MS, type DatabaseHandle, workspaces } from '@agentry/db';
import { sql } from '@agentry/db/drizzle';
import { collectRun } from '@agentry/engine';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../knowledge/query-rows';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { publishAgent } from './agent-versions';
import { createAgent } from './agents';
import type { Actor } from './auth';
import { runJournal } from './run-journal';
import { executeRun, prepareRun, startRun } from './runs';
import { USAGE_SUMS, usageSummary } from './usage';
import { usageBackfillSql } from './usage-backfill';
import { exportUsageCsv } from './usage-csv';
import { histogramPercentile, latencyBucket } from './usage-histogram';
import { rollupRows, type UsageContribution } from './usage-rollups';
import type { UsageInput } from './usage-types';
import { USAGE_FLUSH_MS, usageWrites } from './usage-writes';

const chatbot = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../../../../examples/chatbot.json'), 'utf8'),
);
const MODEL = 'offline:agentry-offline';

describe('rollup rows', () => {
  const run = (overrides: Partial<UsageContribution>): UsageContribution => ({
    run_id: crypto.randomUUID(),
    workspace_id: 'w',
    agent_id: 'a',
    version_id: 'v',
    source: 'api',
    started_at: new Date('2026-12-07T10:15:00Z'),
    model: '',
    failed: 0,
    input_tokens: 10,
    output_tokens: 20,
    cost_usd: 0.5,
    unpriced_tokens: 0,
    first_token_ms: 3,
    duration_ms: 30,
    ...overrides,
  });

  it('sums runs that share their key, hour and latency buckets into one row', () => {
    const rows = rollupRows([
      run({}),
      run({ first_token_ms: 4.9, duration_ms: 39, failed: 1, cost_usd: 0.25 }),
      run({ started_at: new Date('2026-12-07T10:59:59Z') }),
      // Another latency bucket, another hour, another model, an unmeasured first token.
      run({ first_token_ms: 5 }),
      run({ started_at: new Date('2026-12-07T11:00:00Z') }),
      run({ model: 'openai:gpt' }),
      run({ first_token_ms: null }),
      // A run whose key is read from its row stays alone.
      run({ run_id: 'long', workspace_id: undefined, started_at: undefined }),
    ]);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({
      workspace_id: 'w',
      agent_id: 'a',
      version_id: 'v',
      source: 'api',
      hour: '2026-12-07T10:00:00.000Z',
      model: '',
      runs: 3,
      failed: 1,
      input_tokens: 30,
      output_tokens: 60,
      cost_usd: 1.25,
      unpriced_tokens: 0,
      ft: 0,
      du: latencyBucket(30),
    });
    expect(rows.map((row) => [row.hour, row.model, row.runs, row.ft])).toEqual([
      ['2026-12-07T10:00:00.000Z', '', 3, 0],
      ['2026-12-07T10:00:00.000Z', '', 1, 1],
      ['2026-12-07T11:00:00.000Z', '', 1, 0],
      ['2026-12-07T10:00:00.000Z', 'openai:gpt', 1, 0],
      ['2026-12-07T10:00:00.000Z', '', 1, null],
      [undefined, '', 1, 0],
    ]);
    expect(rows.at(-1)).toMatchObject({ run_id: 'long', runs: 1 });
  });
});

describe('latency histograms', () => {
  it('puts a latency in the bucket whose upper bound is first above it', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(4.9)).toBe(0);
    expect(latencyBucket(5)).toBe(1);
    expect(latencyBucket(999)).toBe(11);
    expect(latencyBucket(1_000)).toBe(12);
    expect(latencyBucket(5_000_000)).toBe(LATENCY_BUCKET_BOUNDS_MS.length);
  });

  it('interpolates a percentile inside its bucket and caps it at the last bound', () => {
    const counts = new Array(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0);
    counts[12] = 10; // ten runs between 1,000 and 1,500 ms
    expect(histogramPercentile(counts, 0.5)).toBe(1_250);
    expect(histogramPercentile(counts, 1)).toBe(1_500);
    counts[LATENCY_BUCKET_BOUNDS_MS.length] = 90;
    expect(histogramPercentile(counts, 0.95)).toBe(1_000_000);
    expect(histogramPercentile(new Array(counts.length).fill(0), 0.5)).toBeNull();
  });
});

for (const backend of testBackends()) {
  describe(`usage rollups and summary on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let owner: Actor;
    let agentId: string;
    let versionId: string;

    const run = async (
      source: 'preview' | 'widget',
      message: string,
      graph: unknown = chatbot,
      version?: string,
    ) => {
      const started = await startRun(runtime, {
        workspaceId: owner.workspaceId,
        agentId,
        graph,
        versionId: version ?? null,
        source,
        message,
      });
      return collectRun(started.events);
    };
    const rollups = () =>
      queryRows<Record<string, unknown>>(
        runtime,
        sql`select * from usage_hourly where workspace_id = ${owner.workspaceId} order by source, model`,
      );
    /** Per day and key: the hourly rows summed (`from: 'hours'`) or the daily rows as they are. */
    const perDay = (from: 'hours' | 'days', agent?: string) => {
      const [table, time] = from === 'hours' ? ['usage_hourly', 'hour'] : ['usage_daily', 'day'];
      const only = agent ? sql` and agent_id = ${agent}` : sql``;
      return queryRows<Record<string, unknown>>(
        runtime,
        sql`select agent_id, version_id, source, model,
            (extract(epoch from date_trunc('day', ${sql.raw(time)}, 'UTC')) * 1000)::float8 as day,
            count(*)::int as rows, ${sql.raw(USAGE_SUMS)}
          from ${sql.raw(table)} where workspace_id = ${owner.workspaceId}${only}
          group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
      );
    };
    /** The daily rollups hold exactly the hourly ones summed per UTC day (one row per key and day). */
    const expectDaysSumHours = async (agent?: string) => {
      const days = await perDay('days', agent);
      expect(days.length).toBeGreaterThan(0);
      expect(days.every((row) => row.rows === 1)).toBe(true);
      const strip = ({ rows: _, ...row }: Record<string, unknown>) => row;
      expect(days.map(strip)).toEqual((await perDay('hours', agent)).map(strip));
    };
    const histogramCount = (row: Record<string, unknown>, prefix: string) =>
      Array.from({ length: LATENCY_BUCKET_BOUNDS_MS.length + 1 }, (_, i) =>
        Number(row[`${prefix}_${i}`]),
      ).reduce((sum, count) => sum + count, 0);

    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      owner = await createTestOwner(runtime);
      agentId = (await createAgent(runtime, owner, { name: 'Support, "EU"', graph: chatbot })).id;
      versionId = (await publishAgent(runtime, owner, { id: agentId })).id;
      await run('preview', 'Hello there');
      await run('preview', 'What does it cost?');
      await run('widget', 'Where is my order?', chatbot, versionId);
      // A graph that cannot run: the run fails before any node does.
      await run('preview', 'Broken', { version: 1, nodes: [], edges: [] });
      await runJournal(runtime).settled();
      await usageWrites(runtime).flush();
    }, 60_000);
    afterAll(async () => {
      await runJournal(runtime).settled();
      await database.close();
    });

    it('rolls ended runs up per source, version and model, with both latency histograms', async () => {
      const rows = await rollups();
      const runRows = await queryRows<{
        status: string;
        usage: { inputTokens: number; outputTokens: number };
      }>(runtime, sql`select status, usage from runs where workspace_id = ${owner.workspaceId}`);
      expect(runRows).toHaveLength(4);
      const preview = rows.find((row) => row.source === 'preview' && row.model === '')!;
      expect(preview).toMatchObject({ version_id: '', runs: 3, failures: 1 });
      expect(histogramCount(preview, 'duration')).toBe(3);
      // The failed run streamed no answer: only the two answered runs have a first token.
      expect(histogramCount(preview, 'first_token')).toBe(2);
      const widget = rows.find((row) => row.source === 'widget' && row.model === '')!;
      expect(widget).toMatchObject({ version_id: versionId, runs: 1, failures: 0 });
      const models = rows.filter((row) => row.model === MODEL);
      expect(models.map((row) => [row.source, row.runs])).toEqual([
        ['preview', 2],
        ['widget', 1],
      ]);
      const tokens = runRows.reduce((sum, row) => sum + (row.usage?.inputTokens ?? 0), 0);
      expect(tokens).toBeGreaterThan(0);
      expect(
        rows.filter((row) => row.model === '').reduce((sum, row) => sum + Number(row.input_tokens), 0),
      ).toBe(tokens);
      expect(models.reduce((sum, row) => sum + Number(row.input_tokens), 0)).toBe(tokens);
      expect(rows.every((row) => Number(row.cost_usd) === 0 && Number(row.unpriced_tokens) === 0)).toBe(true);
      await expectDaysSumHours();
    });

    it('sums the range into totals, an hourly series with every bucket, and four breakdowns', async () => {
      const summary = await usageSummary(runtime, owner, { range: '24h' });
      expect(summary.bucket).toBe('hour');
      expect(summary.series).toHaveLength(24);
      expect(summary.series.at(-1)).toMatchObject({ runs: 4, failures: 1 });
      expect(
        summary.series.slice(0, -1).every((point) => point.runs === 0 && point.durationMs === null),
      ).toBe(true);
      expect(summary.totals).toMatchObject({ runs: 4, failures: 1, costUsd: 0 });
      expect(summary.totals.inputTokens).toBeGreaterThan(0);
      expect(summary.totals.firstTokenMs!.p50).toBeLessThanOrEqual(summary.totals.firstTokenMs!.p95);
      expect(summary.totals.durationMs).not.toBeNull();
      expect(summary.by.agent).toEqual([
        expect.objectContaining({ key: agentId, label: 'Support, "EU"', runs: 4 }),
      ]);
      expect(summary.by.source.map((row) => [row.label, row.runs])).toEqual([
        ['preview', 3],
        ['widget', 1],
      ]);
      expect(summary.by.version.map((row) => [row.label, row.runs])).toEqual([
        ['draft', 3],
        ['v1', 1],
      ]);
      expect(summary.by.model).toEqual([expect.objectContaining({ key: MODEL, label: MODEL, runs: 3 })]);
      const week = await usageSummary(runtime, owner, { range: '7d', agentId });
      expect(week.bucket).toBe('day');
      expect(week.series).toHaveLength(7);
      expect(week.series.at(-1)!.runs).toBe(4);
      expect(week.totals).toEqual(summary.totals);
    });

    it('shows another workspace nothing, and none of this workspace agents', async () => {
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const stranger: Actor = { ...owner, workspaceId: other!.id };
      const summary = await usageSummary(runtime, stranger, { range: '30d' });
      expect(summary.series).toHaveLength(30);
      expect(summary.totals).toMatchObject({ runs: 0, costUsd: 0, durationMs: null });
      expect(summary.by.agent).toEqual([]);
      await expect(usageSummary(runtime, stranger, { range: '24h', agentId })).rejects.toThrow(/No agent/);
      await expect(exportUsageCsv(runtime, stranger, { range: '24h', agentId })).rejects.toThrow(/No agent/);
    });

    it('exports one RFC 4180 line per bucket, agent, version, source and model', async () => {
      const csv = await exportUsageCsv(runtime, owner, { range: '24h', agentId });
      expect(csv.filename).toMatch(/^usage-.+-24h-\d{4}-\d{2}-\d{2}\.csv$/);
      const lines = csv.text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toMatch(/^bucket_start,agent_id,agent,version,source,model,runs,failures,/);
      expect(lines).toHaveLength(1 + 4 + 1);
      const draftTotals = lines.find((line) => line.includes(',draft,preview,(all),'))!;
      expect(draftTotals).toContain(`,${agentId},"Support, ""EU""",draft,preview,(all),3,1,`);
      expect(lines.some((line) => line.includes(`,v1,widget,${MODEL},1,0,`))).toBe(true);
    });

    it('the migration backfill rebuilds the same rollups from the runs, without first-token times', async () => {
      const before = await rollups();
      const daysBefore = await perDay('days');
      await runtime.db.execute(sql`delete from usage_hourly`);
      await runtime.db.execute(sql`delete from usage_daily`);
      await runtime.db.execute(sql.raw(usageBackfillSql()));
      const after = await rollups();
      await expectDaysSumHours();
      const withoutFirstToken = (rows: Record<string, unknown>[]) =>
        rows.map((row) =>
          Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('first_token_'))),
        );
      expect(withoutFirstToken(await perDay('days'))).toEqual(withoutFirstToken(daysBefore));
      const strip = (row: Record<string, unknown>) => {
        const copy: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row))
          if (!key.startsWith('first_token_')) copy[key] = typeof value === 'bigint' ? Number(value) : value;
        return copy;
      };
      expect(after.map(strip)).toEqual(before.map(strip));
      expect(after.every((row) => histogramCount(row, 'first_token') === 0)).toBe(true);
    });

    it("a run whose start was written before it ended (a worker's, a long one) takes its key from its row", async () => {
      const { prepared, record } = await prepareRun(runtime, {
        workspaceId: owner.workspaceId,
        agentId,
        graph: chatbot,
        source: 'api',
        message: 'Queued question',
      });
      await record();
      await runJournal(runtime).settled();
      // As a queue worker does: the row exists, so the outcome alone goes to the journal.
      await collectRun(executeRun(runtime, prepared));
      await runJournal(runtime).settled();
      await usageWrites(runtime).flush();
      const api = (await rollups()).filter((row) => row.source === 'api');
      expect(api.map((row) => [row.model, row.runs, row.version_id])).toEqual([
        ['', 1, ''],
        [MODEL, 1, ''],
      ]);
      expect(histogramCount(api[0]!, 'first_token')).toBe(1);
    });

    it('reads 7 and 30 days from the daily rollups and 24 hours from the hourly ones', async () => {
      // `to` is the moment of reading; everything else must stay the same.
      const read = async (input: UsageInput) => {
        const { to: _, ...summary } = await usageSummary(runtime, owner, input);
        return summary;
      };
      const week = await read({ range: '7d' });
      const month = await read({ range: '30d', agentId });
      const csv = await exportUsageCsv(runtime, owner, { range: '7d', agentId });
      expect(week.totals.runs).toBe(5);
      expect(csv.text.split('\r\n').length).toBeGreaterThan(2);
      await runtime.db.execute(sql`delete from usage_hourly where workspace_id = ${owner.workspaceId}`);
      expect(await read({ range: '7d' })).toEqual(week);
      expect(await read({ range: '30d', agentId })).toEqual(month);
      expect(await exportUsageCsv(runtime, owner, { range: '7d', agentId })).toEqual(csv);
      const day = await usageSummary(runtime, owner, { range: '24h' });
      expect(day.totals).toMatchObject({ runs: 0, durationMs: null });
      expect(day.by.model).toEqual([]);
      expect((await exportUsageCsv(runtime, owner, { range: '24h' })).text.split('\r\n')).toHaveLength(2);
    });

    // Last: its runs would change the workspace's totals the tests above check (and it runs after the
    // hourly rows were deleted, so it compares the days with the hours of its own agent only).
    it('gathers ended runs and adds them with one upsert per interval; the summary reads its own at once', async () => {
      const own = (await createAgent(runtime, owner, { name: 'Gathered', graph: chatbot })).id;
      const once = async (message: string) => {
        const started = await startRun(runtime, {
          workspaceId: owner.workspaceId,
          agentId: own,
          graph: chatbot,
          versionId: null,
          source: 'api',
          message,
        });
        await collectRun(started.events);
        await runJournal(runtime).settled();
      };
      const counted = async () =>
        (await rollups())
          .filter((row) => row.agent_id === own && row.model === '')
          .reduce((sum, row) => sum + Number(row.runs), 0);
      await once('One');
      // The run's row is written; its rollup waits for the interval (or a reader) to gather others.
      expect(await counted()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, USAGE_FLUSH_MS + 500));
      expect(await counted()).toBe(1);

      await once('Two');
      expect(await counted()).toBe(1);
      const summary = await usageSummary(runtime, owner, { range: '24h', agentId: own });
      expect(summary.totals.runs).toBe(2);
      expect(await counted()).toBe(2);
      // The second flush added to the rows the first wrote, in both tables.
      await expectDaysSumHours(own);
    });
  });
}
