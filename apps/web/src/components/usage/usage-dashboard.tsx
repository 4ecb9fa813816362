'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { errorMessage, useTRPC } from '@/lib/trpc';
import { Button, EmptyState, ErrorNote, Loading } from '../ui';
import { BreakdownTable } from './breakdown-table';
import { downloadCsv } from './csv-download';
import { UsageCharts } from './usage-charts';
import { RangePicker } from './range-picker';
import { StatCards } from './stat-cards';
import type { UsageRange, UsageRow } from './usage-types';

// The server's English names of rows without a name of their own (packages/api/src/services/usage.ts).
const DELETED_AGENT = 'Deleted agent';
const DELETED_VERSION = 'deleted version';

/**
 * The Usage page of the workspace, or an agent's Usage tab when `agentId` is given: a range picker, the
 * totals, charts per bucket, breakdowns and a CSV export of the same range.
 */
export function UsageDashboard({ agentId, initialRange }: { agentId?: string; initialRange: UsageRange }) {
  const t = useTranslations('usage');
  const tRuns = useTranslations('runs');
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

  // The file is the server's: its column headers stay English on purpose (a data format read by
  // spreadsheets and scripts, like the API's field names), whatever the page's language.
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
      setExporting({ busy: false, error: t('exportFailed', { error: errorMessage(error) }) });
    }
  };

  const versionLabel = (row: UsageRow) =>
    row.key === '' ? t('draft') : row.label === DELETED_VERSION ? t('deletedVersion') : row.label;

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
          {exporting.busy ? t('exporting') : t('export')}
        </Button>
      </div>
      <ErrorNote message={exporting.error} />
      {summary.error ? <ErrorNote message={errorMessage(summary.error)} /> : null}
      {!data && !summary.error ? <Loading label={t('loading')} /> : null}
      {empty ? <EmptyState title={t('empty.title', { range })} body={t('empty.body')} /> : null}
      {data && !empty ? (
        <>
          <StatCards totals={data.totals} />
          <UsageCharts series={data.series} bucket={data.bucket} />
          <section aria-label={t('breakdowns')} className="space-y-3">
            <h2 className="text-base font-semibold">{t('breakdowns')}</h2>
            <div className="grid gap-4 xl:grid-cols-2">
              {agentId ? null : (
                <BreakdownTable
                  title={t('byAgent')}
                  rows={data.by.agent}
                  labelOf={(row) => (row.label === DELETED_AGENT ? t('deletedAgent') : row.label)}
                  linkFor={(row) => `/agents/${row.key}/usage?range=${range}`}
                />
              )}
              <BreakdownTable title={t('byModel')} rows={data.by.model} />
              <BreakdownTable
                title={t('bySource')}
                rows={data.by.source}
                labelOf={(row) => tRuns('source', { source: row.key })}
              />
              <BreakdownTable title={t('byVersion')} rows={data.by.version} labelOf={versionLabel} />
            </div>
          </section>
        </>
      ) : null}
    </div>
  );
}
