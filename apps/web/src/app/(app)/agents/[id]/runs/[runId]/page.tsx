import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { SaveRunAsTest } from '@/components/evals/save-as-test';
import { RunTimeline } from '@/components/runs/run-timeline';
import { PageHeader } from '@/components/ui';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function RunPage({ params }: { params: Promise<{ id: string; runId: string }> }) {
  const { id, runId } = await params;
  const actor = await requireActor();
  const canEdit = actor.role !== 'viewer';
  const t = await getTranslations('runs.page');
  return (
    <div className="max-w-5xl">
      <Link href={`/agents/${id}/runs`} className="text-sm text-brand-700 hover:underline">
        {t('allRuns')}
      </Link>
      <PageHeader
        title={t('run')}
        actions={canEdit ? <SaveRunAsTest agentId={id} runId={runId} /> : undefined}
      />
      <RunTimeline agentId={id} runId={runId} canEdit={canEdit} />
    </div>
  );
}
