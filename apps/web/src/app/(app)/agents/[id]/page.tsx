import { Builder } from '@/components/builder/builder';
import { loadAgentOr404 } from '@/lib/agents';
import { requireActor } from '@/lib/session';
import { PreviewSlot } from './preview-slot';

export const dynamic = 'force-dynamic';

export default async function AgentBuilderPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const agent = await loadAgentOr404(actor, id);
  return (
    <Builder
      agentId={agent.id}
      canEdit={actor.role !== 'viewer'}
      preview={<PreviewSlot agentId={agent.id} />}
    />
  );
}
