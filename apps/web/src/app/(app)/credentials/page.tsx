import { CredentialsPage } from '@/components/credentials/credentials-page';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function Credentials() {
  const actor = await requireActor();
  return <CredentialsPage canEdit={actor.role !== 'viewer'} />;
}
