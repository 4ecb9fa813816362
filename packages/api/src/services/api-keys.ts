import { and, desc, eq, inArray, isNull } from '@agentry/db/drizzle';
import { agents, apiKeys } from '@agentry/db';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type ApiKeyHit, invalidate, lookups } from './lookup-cache';
import { digest, newToken } from '../security/tokens';
import { type Actor, requireRole } from './auth';
import { UUID } from './agents';

/**
 * What a key may do: `run` (chat, completions, the model list, start runs), `manage` (create, edit,
 * publish and delete agents, read their graphs), `knowledge` (knowledge bases and their documents).
 */
export const API_KEY_SCOPES = ['run', 'manage', 'knowledge'] as const;

/** One of a key's scopes. */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Most agents one key can be limited to. */
const MAX_KEY_AGENTS = 100;

/** Input for creating an API key: its name, scopes (run only by default), agents (all) and expiry (never). */
export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'Name the key').max(100),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'Choose at least one scope')
    .max(API_KEY_SCOPES.length)
    .default(['run']),
  /** Agent ids or slugs; null or absent: every agent of the workspace, present and future. */
  agents: z.array(z.string().trim().min(1).max(200)).max(MAX_KEY_AGENTS).nullish(),
  /** When the key stops working; null or absent: never. */
  expiresAt: z.coerce.date().nullish(),
});

/** Options of a new key beyond its name. */
export interface ApiKeyOptions {
  /** The member who creates it: the key acts as them, and is revoked when they are removed. */
  createdBy?: string | null;
  /** Defaults to every scope (what keys had before scopes existed). */
  scopes?: readonly ApiKeyScope[];
  /** Agent ids or slugs of the workspace; null or absent: every agent. */
  agents?: readonly string[] | null;
  expiresAt?: Date | null;
}

const KEY_PREFIX = 'agt_';

/** Resolves agent ids or slugs of a workspace to ids; refuses any that is not there, naming it. */
async function agentIdsOf(
  runtime: Runtime,
  workspaceId: string,
  names: readonly string[],
): Promise<string[]> {
  if (names.length === 0)
    throw new AppError('bad_request', 'List at least one agent, or leave the list out for every agent.', {
      field: 'agents',
    });
  const wanted = [...new Set(names)];
  const rows = await runtime.db
    .select({ id: agents.id, slug: agents.slug })
    .from(agents)
    .where(eq(agents.workspaceId, workspaceId));
  const ids: string[] = [];
  for (const name of wanted) {
    const row = rows.find((candidate) => (UUID.test(name) ? candidate.id : candidate.slug) === name);
    if (!row) throw new AppError('bad_request', `No agent "${name}" in this workspace.`, { field: 'agents' });
    if (!ids.includes(row.id)) ids.push(row.id);
  }
  return ids;
}

/** Creates an API key in a workspace; the plain key is returned once and never stored. */
export async function createApiKey(
  runtime: Runtime,
  workspaceId: string,
  name: string,
  options: ApiKeyOptions = {},
) {
  const scopes = [...new Set(options.scopes ?? API_KEY_SCOPES)];
  if (scopes.length === 0)
    throw new AppError('bad_request', 'Choose at least one scope.', { field: 'scopes' });
  if (options.expiresAt && options.expiresAt.getTime() <= Date.now())
    throw new AppError('bad_request', 'The expiry date must be in the future.', { field: 'expiresAt' });
  const agentIds = options.agents ? await agentIdsOf(runtime, workspaceId, options.agents) : null;
  const key = newToken(KEY_PREFIX);
  const [row] = await runtime.db
    .insert(apiKeys)
    .values({
      workspaceId,
      name,
      keyPrefix: key.slice(0, 10),
      keyHash: digest(key),
      createdBy: options.createdBy ?? null,
      scopes,
      agentIds,
      expiresAt: options.expiresAt ?? null,
    })
    .returning({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      scopes: apiKeys.scopes,
      agentIds: apiKeys.agentIds,
      expiresAt: apiKeys.expiresAt,
      createdAt: apiKeys.createdAt,
    });
  return { ...row!, key };
}

/** Creates a key for the signed-in editor's workspace, acting as them. */
export function createApiKeyFor(runtime: Runtime, actor: Actor, input: z.infer<typeof createApiKeyInput>) {
  requireRole(actor, 'editor');
  return createApiKey(runtime, actor.workspaceId, input.name, {
    createdBy: actor.user.id,
    scopes: input.scopes,
    agents: input.agents,
    expiresAt: input.expiresAt,
  });
}

/** Lists a workspace's keys (never the keys themselves), with the names of the agents they are limited to. */
export async function listApiKeys(runtime: Runtime, actor: Actor) {
  const rows = await runtime.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      scopes: apiKeys.scopes,
      agentIds: apiKeys.agentIds,
      expiresAt: apiKeys.expiresAt,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, actor.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
  const named = [...new Set(rows.flatMap((row) => row.agentIds ?? []))];
  const names = new Map(
    named.length === 0
      ? []
      : (
          await runtime.db
            .select({ id: agents.id, name: agents.name })
            .from(agents)
            .where(and(eq(agents.workspaceId, actor.workspaceId), inArray(agents.id, named)))
        ).map((agent) => [agent.id, agent.name]),
  );
  return rows.map(({ agentIds, ...row }) => ({
    ...row,
    // A deleted agent stays on the list (the key still cannot reach anything else) with no name.
    agents: agentIds?.map((id) => ({ id, name: names.get(id) ?? null })) ?? null,
  }));
}

/** Revokes a key of the actor's workspace. */
export async function revokeApiKey(runtime: Runtime, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'editor');
  const updated = await runtime.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.workspaceId, actor.workspaceId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (updated.length === 0) throw new AppError('not_found', 'No such active API key in this workspace.');
  forgetApiKeys(runtime, [id]);
}

/** Drops keys from every process's lookup cache (through Redis when set), so a revoked key is refused at its next request. */
export function forgetApiKeys(runtime: Runtime, ids: readonly string[]): void {
  if (ids.length === 0) return;
  invalidate(runtime, { kind: 'api-keys', ids: [...ids] });
}

/** What an authenticated key may do, and in which workspace. */
export interface AuthenticatedKey {
  keyId: string;
  workspaceId: string;
  scopes: readonly ApiKeyScope[];
  /** The agents the key is limited to; null: every agent. */
  agentIds: readonly string[] | null;
  /** The member who created the key (it acts as them); null for keys made without one. */
  createdBy: string | null;
}

function refuseExpired(expiresAt: Date | null, now: Date): void {
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    throw new AppError('unauthorized', `This API key expired on ${expiresAt.toISOString()}.`);
}

/**
 * Resolves a bearer key to its workspace, scopes and agents with one indexed lookup of its SHA-256
 * (no slow hash per request). Throws `unauthorized` for a missing, unknown, revoked or expired key.
 */
export async function authenticateApiKey(
  runtime: Runtime,
  key: string | undefined,
): Promise<AuthenticatedKey> {
  if (!key?.startsWith(KEY_PREFIX) || key.length > 200)
    throw new AppError('unauthorized', 'Missing or invalid API key.');
  const cache = lookups(runtime).apiKeys;
  const hash = digest(key);
  let hit = cache.get(hash);
  if (!hit) {
    const readAt = cache.generation;
    const [row] = await runtime.db
      .select({
        keyId: apiKeys.id,
        workspaceId: apiKeys.workspaceId,
        scopes: apiKeys.scopes,
        agentIds: apiKeys.agentIds,
        expiresAt: apiKeys.expiresAt,
        createdBy: apiKeys.createdBy,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hash));
    if (!row || row.revokedAt) throw new AppError('unauthorized', 'Missing or invalid API key.');
    const { revokedAt: _revoked, ...found } = row;
    hit = { ...found, scopes: found.scopes.filter(isScope) } satisfies ApiKeyHit;
    cache.set(hash, hit, readAt);
  }
  const now = new Date();
  // Checked on every request, cached or not: a key expires on the second, not at the cache's next miss.
  refuseExpired(hit.expiresAt, now);
  if (!hit.lastUsedAt || now.getTime() - hit.lastUsedAt.getTime() > 60_000) {
    hit.lastUsedAt = now;
    await runtime.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, hit.keyId));
  }
  return {
    keyId: hit.keyId,
    workspaceId: hit.workspaceId,
    scopes: hit.scopes as ApiKeyScope[],
    agentIds: hit.agentIds,
    createdBy: hit.createdBy,
  };
}

function isScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}

/**
 * Revokes every active key a user created (their account is being removed): a key acts as its creator
 * and must not outlive them. Returns the revoked keys' ids; the caller drops them from the cache once
 * its change is committed.
 */
export async function revokeKeysCreatedBy(
  db: Pick<Runtime['db'], 'update'>,
  userId: string,
): Promise<string[]> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.createdBy, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.map((row) => row.id);
}
