import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The widget reattaches to its conversation's running or waiting run (204 when none is). */
export const GET = routeHandler((http) => http.handlePublicRunStream, 'publicId', 'conversationId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
