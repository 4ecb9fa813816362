import Link from 'next/link';
import { EmbedEditor } from '@/components/embed/embed-editor';
import { PageHeader } from '@/components/ui';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function EmbedPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  return (
    <div className="max-w-7xl">
      <Link href={`/agents/${agent.id}`} className="text-sm text-brand-700 hover:underline">
        ← Back to {agent.name}
      </Link>
      <PageHeader
        title={`Embed ${agent.name}`}
        description="Put this agent on your website as a chat widget: its look, the sites allowed to use it, and its limits."
      />
      <EmbedEditor agentId={agent.id} />
    </div>
  );
}
