import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The workspace's agents. */
export const GET = routeHandler((http) => http.handleListAgents);

/** Creates an agent. */
export const POST = routeHandler((http) => http.handleCreateAgent);
