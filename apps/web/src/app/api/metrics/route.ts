import { handleMetrics } from '@agentry/api/http';
import { openServerRuntime } from '@/lib/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Prometheus metrics of this server, behind the bearer token in AGENTRY_METRICS_TOKEN (404 when unset). */
export async function GET(request: Request): Promise<Response> {
  return handleMetrics(await openServerRuntime(), request);
}
