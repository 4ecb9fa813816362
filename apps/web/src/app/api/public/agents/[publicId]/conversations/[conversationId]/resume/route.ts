import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The visitor answers the question their conversation's run asks them (202). */
export const POST = routeHandler((http) => http.handlePublicResume, 'publicId', 'conversationId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
