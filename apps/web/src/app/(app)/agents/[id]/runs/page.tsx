import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { RunList } from '@/components/runs/run-list';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function RunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  const t = await getTranslations('runs.page');
  return (
    <div className="max-w-5xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        {t('back', { name: agent.name })}
      </Link>
      <PageHeader title={t('title', { name: agent.name })} description={t('description')} />
      <RunList agentId={agent.id} />
    </div>
  );
}
