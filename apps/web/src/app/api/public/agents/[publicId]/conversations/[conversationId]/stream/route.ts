import { handlePublicPreflight, handlePublicRunStream } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ publicId: string; conversationId: string }> };

/** The widget reattaches to its conversation's running or waiting run (204 when none is). */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  const { publicId, conversationId } = await params;
  return handlePublicRunStream(await openServerRuntime(), request, publicId, conversationId);
}

/** CORS preflight: allowed origins only. */
export async function OPTIONS(request: Request, { params }: Context): Promise<Response> {
  return handlePublicPreflight(await openServerRuntime(), request, (await params).publicId);
}
