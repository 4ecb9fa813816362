import { listVersions } from '@agentry/api';
import Link from 'next/link';
import { TestsTab } from '@/components/evals/tests-tab';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { openServerRuntime } from '@/lib/runtime';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function TestsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  // Loaded here, as the builder's page loads the draft, so the run target picker is complete at once.
  const versions = await listVersions(await openServerRuntime(), actor, agent.id);
  return (
    <div className="max-w-6xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        ← Back to {agent.name}
      </Link>
      <PageHeader
        title={`Tests of ${agent.name}`}
        description="Test cases say what the agent must answer; an eval run sends each case to the draft or a published version and checks its answer."
      />
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
