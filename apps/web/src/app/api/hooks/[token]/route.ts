import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * A webhook trigger's public URL: the token in the path is its only credential (no session, no key, no
 * CSRF check, which guards cookie-authenticated browser requests). 202 `{ runId, statusUrl }`, or the
 * answer with `?wait=1` when the trigger allows it.
 */
export const POST = routeHandler((http) => http.handleWebhook, 'token');
