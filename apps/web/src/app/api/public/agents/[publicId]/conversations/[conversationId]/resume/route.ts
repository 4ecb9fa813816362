import { handlePublicPreflight, handlePublicResume } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ publicId: string; conversationId: string }> };

/** The visitor answers the question their conversation's run asks them (202). */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { publicId, conversationId } = await params;
  return handlePublicResume(await openServerRuntime(), request, publicId, conversationId);
}

/** CORS preflight: allowed origins only. */
export async function OPTIONS(request: Request, { params }: Context): Promise<Response> {
  return handlePublicPreflight(await openServerRuntime(), request, (await params).publicId);
}
