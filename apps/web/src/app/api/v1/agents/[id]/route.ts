import { handleDeleteAgent, handleGetAgent, handleUpdateAgent } from '@agentry/api/http';
import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** One agent with its draft graph. */
export const GET = routeHandler(handleGetAgent, 'id');

/** Changes an agent's name, description or graph (409 on a stale `baseRevision`). */
export const PUT = routeHandler(handleUpdateAgent, 'id');

/** Deletes an agent. */
export const DELETE = routeHandler(handleDeleteAgent, 'id');
