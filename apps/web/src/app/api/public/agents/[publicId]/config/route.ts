import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The widget's look and welcome, for the agent's allowed origins. */
export const GET = routeHandler((http) => http.handlePublicConfig, 'publicId');

/** CORS preflight: allowed origins only. */
export const OPTIONS = routeHandler((http) => http.handlePublicPreflight, 'publicId');
