import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  await requireActor();
  redirect('/agents');
}
