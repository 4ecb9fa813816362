import type { Runtime } from '../runtime';
import { API_KEY_SCOPES, type ApiKeyScope, authenticateApiKey } from '../services/api-keys';
import { type Role, resolveSession } from '../services/auth';
import { AppError } from '../errors';
import { toErrorResponse } from './errors';
import { isCrossSiteRequest, readCookie, SESSION_COOKIE } from '../trpc/cookies';

/** Who is calling an HTTP API route: a signed-in member (browser) or an API key (programs). */
export interface ApiCaller {
  workspaceId: string;
  role: Role;
  via: 'session' | 'api-key';
  /** The signed-in member, or the member who created the key (null for keys made without one). */
  userId?: string;
  /** The API key's id, for API-key callers. */
  keyId?: string;
  /** What the caller may do: a key's scopes; every scope for a session (its role decides). */
  scopes: readonly ApiKeyScope[];
  /** The agents a key is limited to; null: every agent of the workspace. */
  agentIds: readonly string[] | null;
}

/**
 * Authenticates a request by `Authorization: Bearer <api key>` or, for the app's own pages, by the
 * session cookie. API keys act as editors of their workspace, within their scopes and agents (check them
 * with `requireScope` and `requireAgent`). Throws 401 otherwise, and for an expired key.
 */
export async function authenticateRequest(runtime: Runtime, request: Request): Promise<ApiCaller> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const key = await authenticateApiKey(runtime, match?.[1]);
    return {
      workspaceId: key.workspaceId,
      role: 'editor',
      via: 'api-key',
      keyId: key.keyId,
      userId: key.createdBy ?? undefined,
      scopes: key.scopes,
      agentIds: key.agentIds,
    };
  }
  const actor = await resolveSession(runtime, readCookie(request.headers.get('cookie'), SESSION_COOKIE));
  if (!actor)
    throw new AppError('unauthorized', 'Send an API key as "Authorization: Bearer <key>", or sign in.');
  if (request.method !== 'GET') {
    // Cookie-authenticated writes must come from our own pages.
    if (isCrossSiteRequest(request)) throw new AppError('forbidden', 'Cross-site request refused.');
  }
  return {
    workspaceId: actor.workspaceId,
    role: actor.role,
    via: 'session',
    userId: actor.user.id,
    scopes: API_KEY_SCOPES,
    agentIds: null,
  };
}

const SCOPE_USE: Record<ApiKeyScope, string> = {
  run: 'chat with agents and start runs',
  manage: 'create, edit, publish and delete agents and read their graphs',
  knowledge: 'manage knowledge bases and their documents',
};

/** Throws 403 naming the scope unless the caller holds one of `scopes` (sessions hold all; roles decide). */
export function requireScope(caller: ApiCaller, ...scopes: ApiKeyScope[]): void {
  if (scopes.some((scope) => caller.scopes.includes(scope))) return;
  const names = scopes.map((scope) => `"${scope}"`).join(' or ');
  throw new AppError(
    'forbidden',
    `This API key lacks the ${names} scope, needed to ${scopes.map((scope) => SCOPE_USE[scope]).join(' or ')}. Create a key with it.`,
    { missingScopes: scopes },
  );
}

/** Throws 403 naming the agent unless the caller's key may use it (keys limited to certain agents). */
export function requireAgent(caller: ApiCaller, agent: { id: string; name: string }): void {
  if (caller.agentIds === null || caller.agentIds.includes(agent.id)) return;
  throw new AppError('forbidden', `This API key may not use the agent "${agent.name}" (${agent.id}).`, {
    agentId: agent.id,
  });
}

/** True when the caller may use this agent (for filtering lists). */
export function mayUseAgent(caller: ApiCaller, agentId: string): boolean {
  return caller.agentIds === null || caller.agentIds.includes(agentId);
}

/**
 * For routes whose handler authenticates on its own (the knowledge upload): answers 401/403 when the
 * caller is not signed in or its key lacks `scope`; undefined when the handler may go on.
 */
export async function refuseWithoutScope(
  runtime: Runtime,
  request: Request,
  scope: ApiKeyScope,
): Promise<Response | undefined> {
  try {
    requireScope(await authenticateRequest(runtime, request), scope);
    return undefined;
  } catch (error) {
    return toErrorResponse(error);
  }
}
