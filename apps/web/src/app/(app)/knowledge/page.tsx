import { KnowledgeList } from '@/components/knowledge/knowledge-list';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function KnowledgePage() {
  const actor = await requireActor();
  return <KnowledgeList canEdit={actor.role !== 'viewer'} />;
}
