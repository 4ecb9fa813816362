import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Publishes the agent's draft as its next version. */
export const POST = routeHandler((http) => http.handlePublishAgent, 'id');
