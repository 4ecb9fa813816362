import { handlePublicChat, handlePublicPreflight } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ publicId: string }> };

/** A visitor's chat turn with the published agent, streamed. */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  return handlePublicChat(await openServerRuntime(), request, (await params).publicId);
}

/** CORS preflight: allowed origins only. */
export async function OPTIONS(request: Request, { params }: Context): Promise<Response> {
  return handlePublicPreflight(await openServerRuntime(), request, (await params).publicId);
}
