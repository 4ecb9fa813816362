import { createHash, timingSafeEqual } from 'node:crypto';
import { runMetrics } from '../metrics/registry';
import type { Runtime } from '../runtime';
import { errorResponse, toErrorResponse } from './errors';

/** Digests of equal length, so the comparison takes the same time whatever the given token's length. */
const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether the request carries `Authorization: Bearer <token>` with the configured token. */
function hasMetricsToken(request: Request, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/**
 * `GET /api/metrics`: this process's Prometheus metrics, for the bearer token an admin set in
 * `AGENTRY_METRICS_TOKEN` (the token is the only credential: sessions and API keys do not open it).
 * 404 while metrics are off, 401 with `WWW-Authenticate: Bearer` without the token.
 */
export async function handleMetrics(runtime: Runtime, request: Request): Promise<Response> {
  const token = runtime.config.metricsToken;
  if (!token)
    return errorResponse(
      'not_found',
      'Metrics are off on this server. Set AGENTRY_METRICS_TOKEN to a secret of at least 16 characters to turn them on.',
      404,
    );
  if (!hasMetricsToken(request, token)) {
    const given = request.headers.has('authorization');
    return errorResponse(
      'unauthorized',
      given
        ? 'The bearer token is not the metrics token (AGENTRY_METRICS_TOKEN).'
        : 'Send the metrics token (AGENTRY_METRICS_TOKEN) as `Authorization: Bearer <token>`.',
      401,
      {
        'www-authenticate': given
          ? 'Bearer realm="agentry-metrics", error="invalid_token"'
          : 'Bearer realm="agentry-metrics"',
      },
    );
  }
  try {
    const metrics = runMetrics(runtime)!;
    return new Response(await metrics.scrape(), {
      headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
