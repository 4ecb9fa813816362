import { handleListModels } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's published agents as OpenAI models. */
export async function GET(request: Request): Promise<Response> {
  return handleListModels(await openServerRuntime(), request);
}
