import { handleChatResumeStream } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** useChat's resumeStream(): the conversation's running run, or 204 when there is none. */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string; conversationId: string }> },
): Promise<Response> {
  const { id, conversationId } = await params;
  return handleChatResumeStream(await openServerRuntime(), request, id, conversationId);
}
