import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A run's status, answer, pending question, error, usage and times. */
export const GET = routeHandler((http) => http.handleGetRun, 'id');
