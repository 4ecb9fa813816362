import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/ui';
import { UsageDashboard } from '@/components/usage/usage-dashboard';
import { parseRange } from '@/components/usage/usage-types';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function AgentUsagePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const { range } = await searchParams;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  const t = await getTranslations('usage.agentPage');
  return (
    <div className="max-w-7xl">
      <div className="flex flex-wrap gap-4 text-sm">
        <Link href={`/agents/${agent.id}`} className="text-brand-700 hover:underline">
          {t('back', { name: agent.name })}
        </Link>
        <Link href="/usage" className="text-brand-700 hover:underline">
          {t('workspace')}
        </Link>
      </div>
      <PageHeader title={t('title', { name: agent.name })} description={t('description')} />
      <UsageDashboard agentId={agent.id} initialRange={parseRange(range)} />
    </div>
  );
}
