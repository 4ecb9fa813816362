import { handleCreateTrigger, handleListTriggers } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The agent's triggers (API keys with `manage` and the agent on their list). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleListTriggers(await openServerRuntime(), request, id);
}

/** Creates a webhook or schedule trigger; a webhook's answer carries its URL. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleCreateTrigger(await openServerRuntime(), request, id);
}
