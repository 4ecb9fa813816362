import { handleAgentChat } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One chat turn with an agent, streamed as the AI SDK UI message stream. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await params;
  return handleAgentChat(await openServerRuntime(), request, id);
}
