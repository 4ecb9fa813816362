import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A visitor's chat turn with the published agent, streamed. */
export const POST = routeHandler((http) => http.handlePublicChat, 'publicId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
