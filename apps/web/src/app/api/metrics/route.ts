import { routeHandler } from '@/lib/route-handler';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Prometheus metrics of this server, behind the bearer token in AGENTRY_METRICS_TOKEN (404 when unset). */
export const GET = routeHandler((http) => http.handleMetrics);
