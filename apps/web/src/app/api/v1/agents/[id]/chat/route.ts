import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One chat turn with an agent, streamed as the AI SDK UI message stream. */
export const POST = routeHandler((http) => http.handleAgentChat, 'id');
