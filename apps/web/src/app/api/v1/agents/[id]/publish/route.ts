import { handlePublishAgent } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Publishes the agent's draft as its next version. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handlePublishAgent(await openServerRuntime(), request, (await params).id);
}
