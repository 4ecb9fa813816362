import { AppError } from '../errors';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'agentry_session';

/**
 * Reads one cookie from a Cookie header. A value that is not valid percent-encoding (a cookie we never
 * set) is refused with 400 naming the cookie, rather than failing deeper down.
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      throw new AppError(
        'bad_request',
        `The ${name} cookie is malformed. Clear this site's cookies or sign in again.`,
        { malformedCookie: name },
      );
    }
  }
  return undefined;
}

/**
 * Whether a request comes from another site: it carries an `Origin` whose host differs from the `Host` it
 * was sent to, or one that names no host at all (`null` from sandboxed frames, `file:` pages, garbage).
 */
export function isCrossSiteRequest(request: Request): boolean {
  const origin = request.headers.get('origin');
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  if (!origin || !host) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true;
  }
  return originHost === '' || originHost !== host;
}

/** Whether the request reached us over HTTPS (directly or through a proxy that says so). */
export function isSecureRequest(request: Request): boolean {
  return request.headers.get('x-forwarded-proto') === 'https' || new URL(request.url).protocol === 'https:';
}

/** A Set-Cookie value for the session: http-only, same-site lax, secure over HTTPS. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/** A Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
