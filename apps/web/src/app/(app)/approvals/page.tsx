import { ApprovalsPage } from '@/components/approvals/approvals-page';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function Approvals() {
  const actor = await requireActor();
  return <ApprovalsPage canAnswer={actor.role !== 'viewer'} />;
}
