import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** A run's UI message stream, replayed from Last-Event-ID (or ?after=) and followed live. */
export const GET = routeHandler((http) => http.handleRunStream, 'id');
