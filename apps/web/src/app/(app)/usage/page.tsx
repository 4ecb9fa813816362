import { PageHeader } from '@/components/ui';
import { UsageDashboard } from '@/components/usage/usage-dashboard';
import { parseRange } from '@/components/usage/usage-types';

export const dynamic = 'force-dynamic';

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { range } = await searchParams;
  return (
    <div className="max-w-7xl">
      <PageHeader
        title="Usage"
        description="Runs, failures, tokens, estimated cost and latency of every agent in this workspace."
      />
      <UsageDashboard initialRange={parseRange(range)} />
    </div>
  );
}
