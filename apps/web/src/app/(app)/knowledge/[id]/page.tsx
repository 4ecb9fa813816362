import { KnowledgeBaseView } from '@/components/knowledge/knowledge-base-view';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function KnowledgeBasePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  return <KnowledgeBaseView id={id} canEdit={actor.role !== 'viewer'} />;
}
