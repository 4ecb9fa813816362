import { getTranslations } from 'next-intl/server';
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
  const t = await getTranslations('usage.page');
  return (
    <div className="max-w-7xl">
      <PageHeader title={t('title')} description={t('description')} />
      <UsageDashboard initialRange={parseRange(range)} />
    </div>
  );
}
