import type { Graph } from '@agentry/engine/graph';
import { Builder } from '@/components/builder/builder';
import { CopilotPanel } from '@/components/copilot/copilot-panel';
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
      // Loaded here so the canvas draws on the first render instead of after another request.
      agent={{
        id: agent.id,
        name: agent.name,
        slug: agent.slug,
        publishedVersionId: agent.publishedVersionId,
        draftGraph: agent.draftGraph as Graph,
        draftRevision: agent.draftRevision,
      }}
      canEdit={actor.role !== 'viewer'}
      preview={<PreviewSlot agentId={agent.id} />}
      copilot={<CopilotPanel agentId={agent.id} />}
    />
  );
}
