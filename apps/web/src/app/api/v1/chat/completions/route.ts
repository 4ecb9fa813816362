import { handleChatCompletions } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** OpenAI-compatible chat completions answered by a published agent. */
export async function POST(request: Request): Promise<Response> {
  return handleChatCompletions(await openServerRuntime(), request);
}
