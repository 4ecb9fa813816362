import { and, desc, eq, isNull } from '@agentry/db/drizzle';
import { apiKeys } from '@agentry/db';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { lookups } from './lookup-cache';
import { digest, newToken } from '../security/tokens';
import { type Actor, requireRole } from './auth';

/** Input for creating an API key. */
export const createApiKeyInput = z.object({ name: z.string().trim().min(1, 'Name the key').max(100) });

const KEY_PREFIX = 'agt_';

/** Creates an API key in a workspace; the plain key is returned once and never stored. */
export async function createApiKey(runtime: Runtime, workspaceId: string, name: string, createdBy?: string) {
  const key = newToken(KEY_PREFIX);
  const [row] = await runtime.db
    .insert(apiKeys)
    .values({
      workspaceId,
      name,
      keyPrefix: key.slice(0, 10),
      keyHash: digest(key),
      createdBy: createdBy ?? null,
    })
    .returning({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      createdAt: apiKeys.createdAt,
    });
  return { ...row!, key };
}

/** Creates a key for the signed-in editor's workspace. */
export function createApiKeyFor(runtime: Runtime, actor: Actor, input: z.infer<typeof createApiKeyInput>) {
  requireRole(actor, 'editor');
  return createApiKey(runtime, actor.workspaceId, input.name, actor.user.id);
}

/** Lists a workspace's keys (never the keys themselves). */
export function listApiKeys(runtime: Runtime, actor: Actor) {
  return runtime.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      keyPrefix: apiKeys.keyPrefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, actor.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
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
  lookups(runtime).apiKeys.deleteWhere((hit) => hit.keyId === id);
}

/**
 * Resolves a bearer key to its workspace with one indexed lookup of its SHA-256 (no slow hash per request).
 * Throws `unauthorized` for a missing, unknown or revoked key.
 */
export async function authenticateApiKey(runtime: Runtime, key: string | undefined) {
  if (!key?.startsWith(KEY_PREFIX) || key.length > 200)
    throw new AppError('unauthorized', 'Missing or invalid API key.');
  const cache = lookups(runtime).apiKeys;
  const hash = digest(key);
  let hit = cache.get(hash);
  if (!hit) {
    const [row] = await runtime.db
      .select({
        keyId: apiKeys.id,
        workspaceId: apiKeys.workspaceId,
        lastUsedAt: apiKeys.lastUsedAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.keyHash, hash));
    if (!row || row.revokedAt) throw new AppError('unauthorized', 'Missing or invalid API key.');
    hit = { keyId: row.keyId, workspaceId: row.workspaceId, lastUsedAt: row.lastUsedAt };
    cache.set(hash, hit);
  }
  const now = new Date();
  if (!hit.lastUsedAt || now.getTime() - hit.lastUsedAt.getTime() > 60_000) {
    hit.lastUsedAt = now;
    await runtime.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, hit.keyId));
  }
  return { keyId: hit.keyId, workspaceId: hit.workspaceId };
}
