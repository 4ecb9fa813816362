import { handlePublicConversation, handlePublicPreflight } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ publicId: string; conversationId: string }> };

/** A widget conversation's messages, for the agent's allowed origins. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { publicId, conversationId } = await params;
  return handlePublicConversation(await openServerRuntime(), request, publicId, conversationId);
}

/** CORS preflight: allowed origins only. */
export async function OPTIONS(request: Request, { params }: Context): Promise<Response> {
  return handlePublicPreflight(await openServerRuntime(), request, (await params).publicId);
}
