import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Starts a run that goes on without a reader (202 with its id). */
export const POST = routeHandler((http) => http.handleStartAgentRun, 'id');
