import { AgentsList } from '@/components/agents-list';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function AgentsPage() {
  const actor = await requireActor();
  return <AgentsList canEdit={actor.role !== 'viewer'} />;
}
