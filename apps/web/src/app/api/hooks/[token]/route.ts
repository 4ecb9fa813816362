import { handleWebhook } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * A webhook trigger's public URL: the token in the path is its only credential (no session, no key, no
 * CSRF check, which guards cookie-authenticated browser requests). 202 `{ runId, statusUrl }`, or the
 * answer with `?wait=1` when the trigger allows it.
 */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ token: string }> },
): Promise<Response> {
  const { token } = await params;
  return handleWebhook(await openServerRuntime(), request, token);
}
