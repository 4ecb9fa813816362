import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One agent with its draft graph. */
export const GET = routeHandler((http) => http.handleGetAgent, 'id');

/** Changes an agent's name, description or graph (409 on a stale `baseRevision`). */
export const PUT = routeHandler((http) => http.handleUpdateAgent, 'id');

/** Deletes an agent. */
export const DELETE = routeHandler((http) => http.handleDeleteAgent, 'id');
