import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** OpenAI-compatible chat completions answered by a published agent. */
export const POST = routeHandler((http) => http.handleChatCompletions);
