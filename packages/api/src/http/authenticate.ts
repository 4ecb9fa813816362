import type { Runtime } from '../runtime';
import { authenticateApiKey } from '../services/api-keys';
import { type Role, resolveSession } from '../services/auth';
import { AppError } from '../errors';
import { isCrossSiteRequest, readCookie, SESSION_COOKIE } from '../trpc/cookies';

/** Who is calling an HTTP API route: a signed-in member (browser) or an API key (programs). */
export interface ApiCaller {
  workspaceId: string;
  role: Role;
  via: 'session' | 'api-key';
  userId?: string;
  /** The API key's id, for API-key callers. */
  keyId?: string;
}

/**
 * Authenticates a request by `Authorization: Bearer <api key>` or, for the app's own pages, by the
 * session cookie. API keys act as editors of their workspace. Throws 401 otherwise.
 */
export async function authenticateRequest(runtime: Runtime, request: Request): Promise<ApiCaller> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = await authenticateApiKey(runtime, match?.[1]);
    return { workspaceId: key.workspaceId, role: 'editor', via: 'api-key', keyId: key.keyId };
  }
  const actor = await resolveSession(runtime, readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  if (!actor)
    throw new AppError('unauthorized', 'Send an API key as "Authorization: Bearer <key>", or sign in.');
  if (request.method !== 'GET') {
    // Cookie-authenticated writes must come from our own pages.
    if (isCrossSiteRequest(request)) throw new AppError('forbidden', 'Cross-site request refused.');
  }
  return { workspaceId: actor.workspaceId, role: actor.role, via: 'session', userId: actor.user.id };
}
