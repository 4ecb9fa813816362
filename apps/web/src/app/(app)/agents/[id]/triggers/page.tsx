import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TriggersPanel } from '@/components/triggers/triggers-panel';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function TriggersPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  const t = await getTranslations('triggers.page');
  return (
    <div className="max-w-5xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        {t('back', { name: agent.name })}
      </Link>
      <PageHeader title={t('title', { name: agent.name })} description={t('description')} />
      <TriggersPanel
        agentId={agent.id}
        published={agent.publishedVersionId !== null}
        canEdit={actor.role !== 'viewer'}
      />
    </div>
  );
}
