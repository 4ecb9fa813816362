import { knowledgeBases, knowledgeChunks, knowledgeDocuments } from '@agentry/db';
import { and, asc, eq, sql } from '@agentry/db/drizzle';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from '../services/auth';
import { resolveCredential } from '../services/credentials';
import { type EmbeddingSettings, embeddingModelName, readEmbeddingSettings } from './embedding-settings';
import { ingestionQueue } from './ingestion-queue';
import { storageUsage } from './storage-quota';
import { clearEmbeddings, countEmbeddings, vectorStatus } from './vector-store';

/** Input for creating a knowledge base. */
export const createKnowledgeBaseInput = z.object({
  name: z.string().trim().min(1, 'Name the knowledge base').max(120),
  description: z.string().trim().max(2000).optional(),
});

/** Loads a knowledge base of a workspace, or `not_found` (also for other workspaces' ones). */
export async function getKnowledgeBase(runtime: Runtime, workspaceId: string, id: string) {
  const [row] = await runtime.db
    .select()
    .from(knowledgeBases)
    .where(and(eq(knowledgeBases.id, id), eq(knowledgeBases.workspaceId, workspaceId)));
  if (!row) throw new AppError('not_found', `No knowledge base "${id}" in this workspace.`);
  return row;
}

/** The workspace's knowledge bases with document and chunk counts, by name. */
export async function listKnowledgeBases(runtime: Runtime, actor: Actor) {
  const rows = await runtime.db
    .select({
      id: knowledgeBases.id,
      name: knowledgeBases.name,
      description: knowledgeBases.description,
      embedding: knowledgeBases.embedding,
      updatedAt: knowledgeBases.updatedAt,
      documentCount: sql<number>`count(${knowledgeDocuments.id})::int`,
      chunkCount: sql<number>`coalesce(sum(${knowledgeDocuments.chunkCount}), 0)::int`,
      pendingCount: sql<number>`count(*) filter (where ${knowledgeDocuments.status} in ('queued', 'processing'))::int`,
      failedCount: sql<number>`count(*) filter (where ${knowledgeDocuments.status} = 'failed')::int`,
    })
    .from(knowledgeBases)
    .leftJoin(knowledgeDocuments, eq(knowledgeDocuments.knowledgeBaseId, knowledgeBases.id))
    .where(eq(knowledgeBases.workspaceId, actor.workspaceId))
    .groupBy(knowledgeBases.id)
    .orderBy(asc(knowledgeBases.name));
  return rows.map(({ embedding, ...row }) => ({
    ...row,
    embedding: readEmbeddingSettings(embedding) ?? null,
  }));
}

/** Creates an empty knowledge base (full-text search only until an embedding model is chosen). */
export async function createKnowledgeBase(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof createKnowledgeBaseInput>,
) {
  requireRole(actor, 'editor');
  const [row] = await runtime.db
    .insert(knowledgeBases)
    .values({ workspaceId: actor.workspaceId, name: input.name, description: input.description ?? '' })
    .returning();
  return row!;
}

/** Renames a knowledge base (and changes its description when given). */
export async function renameKnowledgeBase(
  runtime: Runtime,
  actor: Actor,
  id: string,
  input: { name: string; description?: string },
) {
  requireRole(actor, 'editor');
  const [row] = await runtime.db
    .update(knowledgeBases)
    .set({ name: input.name, ...(input.description === undefined ? {} : { description: input.description }) })
    .where(and(eq(knowledgeBases.id, id), eq(knowledgeBases.workspaceId, actor.workspaceId)))
    .returning();
  if (!row) throw new AppError('not_found', 'No such knowledge base in this workspace.');
  return row;
}

/** Deletes a knowledge base with its documents, files, chunks and vectors; running jobs stop. */
export async function deleteKnowledgeBase(runtime: Runtime, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'editor');
  const documents = await runtime.db
    .select({ id: knowledgeDocuments.id })
    .from(knowledgeDocuments)
    .where(
      and(eq(knowledgeDocuments.knowledgeBaseId, id), eq(knowledgeDocuments.workspaceId, actor.workspaceId)),
    );
  const queue = ingestionQueue(runtime);
  await Promise.all(documents.map((document) => queue.cancel(document.id)));
  const removed = await runtime.db
    .delete(knowledgeBases)
    .where(and(eq(knowledgeBases.id, id), eq(knowledgeBases.workspaceId, actor.workspaceId)))
    .returning({ id: knowledgeBases.id });
  if (removed.length === 0) throw new AppError('not_found', 'No such knowledge base in this workspace.');
}

/**
 * Sets (or, with null, removes) the embedding model. Vectors of the old model are dropped and every
 * document is processed again, so a knowledge base never mixes two models' vectors.
 */
export async function setKnowledgeBaseEmbedding(
  runtime: Runtime,
  actor: Actor,
  id: string,
  settings: EmbeddingSettings | null,
) {
  requireRole(actor, 'editor');
  const base = await getKnowledgeBase(runtime, actor.workspaceId, id);
  const vectors = vectorStatus(runtime);
  if (settings && !vectors.available) {
    throw new AppError('bad_request', `Vector search is off on this server: ${vectors.reason}`);
  }
  if (settings?.credentialId) await resolveCredential(runtime, actor.workspaceId, settings.credentialId);
  await runtime.db.update(knowledgeBases).set({ embedding: settings }).where(eq(knowledgeBases.id, base.id));
  await clearEmbeddings(runtime, base.id);
  await requeueKnowledgeBase(runtime, base.id);
  return { ...base, embedding: settings };
}

async function requeueKnowledgeBase(runtime: Runtime, knowledgeBaseId: string): Promise<void> {
  const queue = ingestionQueue(runtime);
  const current = await runtime.db
    .select({ id: knowledgeDocuments.id })
    .from(knowledgeDocuments)
    .where(eq(knowledgeDocuments.knowledgeBaseId, knowledgeBaseId));
  await Promise.all(current.map((document) => queue.cancel(document.id)));
  const documents = await runtime.db
    .update(knowledgeDocuments)
    .set({ status: 'queued', progress: 0, error: null, attempts: 0 })
    .where(eq(knowledgeDocuments.knowledgeBaseId, knowledgeBaseId))
    .returning({ id: knowledgeDocuments.id });
  for (const document of documents) queue.enqueue(document.id);
}

/** How search works for a knowledge base, in words for the page. */
export interface SearchModeStatus {
  mode: 'hybrid' | 'full-text';
  /** Why search is full-text only, when it is. */
  reason?: string;
  embeddingModel?: string;
}

/** Whether a knowledge base searches by vectors too, and why not when it does not. */
export function searchModeOf(runtime: Runtime, embedding: unknown): SearchModeStatus {
  const settings = readEmbeddingSettings(embedding);
  const vectors = vectorStatus(runtime);
  if (!vectors.available) return { mode: 'full-text', reason: `Vectors are off: ${vectors.reason}` };
  if (!settings) {
    return {
      mode: 'full-text',
      reason: 'No embedding model is set; choose one under "Vector search" to also search by meaning.',
    };
  }
  return { mode: 'hybrid', embeddingModel: `${settings.provider}/${embeddingModelName(settings)}` };
}

/**
 * A knowledge base with its progress (documents by status, the overall percentage, chunks and vectors)
 * and the workspace's knowledge storage against its quota.
 */
export async function knowledgeBaseDetail(runtime: Runtime, actor: Actor, id: string) {
  const base = await getKnowledgeBase(runtime, actor.workspaceId, id);
  const [totals] = await runtime.db
    .select({
      documents: sql<number>`count(*)::int`,
      ready: sql<number>`count(*) filter (where ${knowledgeDocuments.status} = 'ready')::int`,
      pending: sql<number>`count(*) filter (where ${knowledgeDocuments.status} in ('queued', 'processing'))::int`,
      failed: sql<number>`count(*) filter (where ${knowledgeDocuments.status} = 'failed')::int`,
      progress: sql<number>`coalesce(avg(case when ${knowledgeDocuments.status} in ('ready', 'failed') then 100 else ${knowledgeDocuments.progress} end), 100)::int`,
      chunks: sql<number>`coalesce(sum(${knowledgeDocuments.chunkCount}), 0)::int`,
    })
    .from(knowledgeDocuments)
    .where(eq(knowledgeDocuments.knowledgeBaseId, base.id));
  const [chunkRows] = await runtime.db
    .select({ count: sql<number>`count(*)::int` })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.knowledgeBaseId, base.id));
  return {
    ...base,
    embedding: readEmbeddingSettings(base.embedding) ?? null,
    totals: {
      ...totals!,
      indexedChunks: chunkRows?.count ?? 0,
      embeddedChunks: await countEmbeddings(runtime, base.id),
    },
    search: searchModeOf(runtime, base.embedding),
    storage: await storageUsage(runtime, actor.workspaceId),
  };
}
