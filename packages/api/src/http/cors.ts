import { wellFormedOrigin } from '../services/public-origin';

/** Response headers exposed to pages calling the public routes from another origin. */
const EXPOSED = 'x-agentry-conversation-id, retry-after';

/**
 * CORS headers of a public-route answer. The request's origin is echoed (never `*`, never credentials),
 * so a refused page can still read why it was refused and show it (only a well-formed origin is echoed); what is served to it is decided by the
 * handler, which checks the origin against the agent's allowed list before doing anything.
 */
export function publicCorsHeaders(request: Request): Headers {
  const headers = new Headers({ vary: 'Origin' });
  const origin = wellFormedOrigin(request.headers.get('origin'));
  if (origin) {
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-expose-headers', EXPOSED);
  }
  return headers;
}

/** Headers of a successful preflight for an allowed origin. */
export function preflightHeaders(request: Request, methods: string): Headers {
  const headers = publicCorsHeaders(request);
  headers.set('access-control-allow-methods', methods);
  headers.set('access-control-allow-headers', 'content-type');
  headers.set('access-control-max-age', '600');
  return headers;
}

/** Copies `extra` headers onto a response (streaming bodies are passed through untouched). */
export function withHeaders(response: Response, extra: Headers): Response {
  for (const [name, value] of extra) response.headers.set(name, value);
  return response;
}
