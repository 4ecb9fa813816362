import { listVersions } from '@agentry/api';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { TestsTab } from '@/components/evals/tests-tab';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { openServerRuntime } from '@/lib/runtime';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function TestsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const t = await getTranslations('evals.page');
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  // Loaded here, as the builder's page loads the draft, so the run target picker is complete at once.
  const versions = await listVersions(await openServerRuntime(), actor, agent.id);
  return (
    <div className="max-w-6xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        {t('back', { name: agent.name })}
      </Link>
      <PageHeader title={t('title', { name: agent.name })} description={t('description')} />
      <TestsTab
        agentId={agent.id}
        canEdit={actor.role !== 'viewer'}
        versions={versions.map((version) => ({
          id: version.id,
          version: version.version,
          note: version.note,
        }))}
      />
    </div>
  );
}
