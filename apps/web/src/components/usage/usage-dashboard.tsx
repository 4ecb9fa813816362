'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, EmptyState, ErrorNote, Loading } from '../ui';
import { BreakdownTable } from './breakdown-table';
import { downloadCsv } from './csv-download';
import { UsageCharts } from './usage-charts';
import { RangePicker } from './range-picker';
import { StatCards } from './stat-cards';
import { RANGE_LABELS, type UsageRange } from './usage-types';

/**
 * The Usage page of the workspace, or an agent's Usage tab when `agentId` is given: a range picker, the
 * totals, charts per bucket, breakdowns and a CSV export of the same range.
 */
export function UsageDashboard({ agentId, initialRange }: { agentId?: string; initialRange: UsageRange }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [range, setRange] = useState(initialRange);
  const [exporting, setExporting] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const input = agentId ? { range, agentId } : { range };
  // The previous range stays on screen while the next one loads, so the page does not jump.
  const summary = useQuery({ ...trpc.usage.summary.queryOptions(input), placeholderData: keepPreviousData });

  const choose = (next: UsageRange) => {
    setRange(next);
    // Kept in the address so a reload or a shared link opens the same range.
    const url = new URL(window.location.href);
    url.searchParams.set('range', next);
    window.history.replaceState(null, '', url);
  };

  const exportCsv = async () => {
    setExporting({ busy: true, error: null });
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.usage.exportCsv.queryOptions(input),
        staleTime: 0,
      });
      downloadCsv(file.filename, file.text);
      setExporting({ busy: false, error: null });
    } catch (error) {
      setExporting({ busy: false, error: `The CSV export failed: ${errorMessage(error)}` });
    }
  };

  const data = summary.data;
  const empty = data !== undefined && data.totals.runs === 0;
  return (
    <div
      className="space-y-6"
      data-testid="usage-dashboard"
      data-range={range}
      aria-busy={summary.isFetching}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RangePicker value={range} onChange={choose} />
        <Button variant="secondary" onClick={exportCsv} disabled={exporting.busy || !data || empty}>
          {exporting.busy ? 'Exporting…' : 'Export CSV'}
        </Button>
      </div>
      <ErrorNote message={exporting.error} />
      {summary.error ? <ErrorNote message={errorMessage(summary.error)} /> : null}
      {!data && !summary.error ? <Loading label="Loading usage…" /> : null}
      {empty ? (
        <EmptyState
          title={`No runs in ${RANGE_LABELS[range].long}`}
          body="Runs from the preview, the widget, the API, MCP, triggers and evals are counted here as they end. Chat with an agent, or pick a longer range."
        />
      ) : null}
      {data && !empty ? (
        <>
          <StatCards totals={data.totals} />
          <UsageCharts series={data.series} bucket={data.bucket} />
          <section aria-label="Breakdowns" className="space-y-3">
            <h2 className="text-base font-semibold">Breakdowns</h2>
            <div className="grid gap-4 xl:grid-cols-2">
              {agentId ? null : (
                <BreakdownTable
                  title="By agent"
                  rows={data.by.agent}
                  linkFor={(row) => `/agents/${row.key}/usage?range=${range}`}
                />
              )}
              <BreakdownTable title="By model" rows={data.by.model} />
              <BreakdownTable title="By source" rows={data.by.source} />
              <BreakdownTable title="By version" rows={data.by.version} />
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}
