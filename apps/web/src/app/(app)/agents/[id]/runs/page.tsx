import Link from 'next/link';
import { RunList } from '@/components/runs/run-list';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function RunsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  return (
    <div className="max-w-5xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        ← Back to {agent.name}
      </Link>
      <PageHeader title={`Runs of ${agent.name}`} description="Every run and conversation, newest first." />
      <RunList agentId={agent.id} />
    </div>
  );
}
