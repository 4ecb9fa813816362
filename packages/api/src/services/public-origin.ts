import { AppError } from '../errors';
import { isOriginAllowed } from './embed-settings';

/**
 * The request's `Origin` when it is one a browser would send: an http(s) scheme, host and optional port,
 * exactly as serialised (`https://shop.example.com`, no path). Undefined for a missing header, `null` (a
 * sandboxed frame, a local file) and anything malformed.
 */
export function wellFormedOrigin(header: string | null): string | undefined {
  if (!header || header.length > 300) return undefined;
  try {
    const url = new URL(header);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin === header.toLowerCase() ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The origin a caller reached this server on, for URLs handed back to it (a webhook's URL, an OAuth
 * callback): the browser's `Origin`, else the `Host` it called (the host check already refused names that
 * are not this server's) with the scheme a trusted proxy reports or the request's own. Not the request
 * URL's host: behind `next start -H 127.0.0.1` that names the bound address, not the one callers use.
 */
export function callerOrigin(request: Request, trustedProxies = 0): string {
  const origin = wellFormedOrigin(request.headers.get('origin'));
  if (origin) return origin;
  const url = new URL(request.url);
  const forwarded = trustedProxies > 0 ? request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : '';
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : url.protocol.slice(0, -1);
  const host = request.headers.get('host');
  if (host) {
    try {
      return new URL(`${scheme}://${host}`).origin;
    } catch {
      // A malformed Host: the request URL's origin below.
    }
  }
  return url.origin;
}

/**
 * Refuses a request whose origin the agent does not allow (403, with a message the widget shows). A
 * missing, `null` (sandboxed frame, local file) or malformed `Origin` is refused with a message saying
 * which. Origins bind browsers only: a script sets any `Origin` it likes, and is bounded by the limits.
 */
export function requireAllowedOrigin(
  agent: { settings: { allowedOrigins: readonly string[] } },
  origin: string | null,
): void {
  const wellFormed = wellFormedOrigin(origin);
  if (wellFormed && isOriginAllowed(wellFormed, agent.settings.allowedOrigins)) return;
  if (wellFormed) {
    throw new AppError(
      'forbidden',
      `This site (${wellFormed}) is not allowed to use this assistant. Its owner can add it in Agentry under Embed → Allowed sites.`,
    );
  }
  if (origin === null || origin === '') {
    throw new AppError(
      'forbidden',
      'This assistant only answers requests from the sites its owner allows, and this request names no site (it has no Origin header).',
    );
  }
  if (origin === 'null') {
    throw new AppError(
      'forbidden',
      'This assistant cannot be used from a page without an origin (a sandboxed frame or a local file). Open it from one of the sites its owner allows.',
    );
  }
  throw new AppError(
    'forbidden',
    `The Origin header ${JSON.stringify(origin.slice(0, 100))} is not a valid origin such as https://www.example.com.`,
  );
}
