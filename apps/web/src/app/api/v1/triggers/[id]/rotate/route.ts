import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Gives a webhook trigger a new URL; the old one stops working at once. */
export const POST = routeHandler((http) => http.handleRotateTrigger, 'id');
