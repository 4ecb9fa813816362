import { handleMcpOAuthCallback } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Where an MCP server's sign-in page sends the popup back: finishes the sign-in for the signed-in member. */
export async function GET(request: Request): Promise<Response> {
  return handleMcpOAuthCallback(await openServerRuntime(), request);
}
