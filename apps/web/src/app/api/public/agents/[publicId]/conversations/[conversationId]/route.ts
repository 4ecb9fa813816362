import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A widget conversation's messages, for the agent's allowed origins. */
export const GET = routeHandler((http) => http.handlePublicConversation, 'publicId', 'conversationId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
