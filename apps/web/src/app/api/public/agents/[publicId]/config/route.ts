import { handlePublicConfig, handlePublicPreflight } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ publicId: string }> };

/** The widget's look and welcome, for the agent's allowed origins. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  return handlePublicConfig(await openServerRuntime(), request, (await params).publicId);
}

/** CORS preflight: allowed origins only. */
export async function OPTIONS(request: Request, { params }: Context): Promise<Response> {
  return handlePublicPreflight(await openServerRuntime(), request, (await params).publicId);
}
