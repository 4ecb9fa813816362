import type { KnowledgeHit, KnowledgeRetriever } from '@agentry/engine';
import { z } from 'zod';
import type { Runtime } from '../runtime';
import { embedTexts, readEmbeddingSettings } from './embedding-settings';
import { fullTextSearch } from './full-text-search';
import { getKnowledgeBase, searchModeOf } from './knowledge-bases';
import { type FusedChunk, fuseRankings } from './rank-fusion';
import { vectorSearch } from './vector-store';

/** Input of the "try a query" box. */
export const searchKnowledgeInput = z.object({
  id: z.string().min(1).max(100),
  query: z.string().trim().min(1, 'Type a question').max(2000),
  topK: z.number().int().min(1).max(50).default(8),
});

/** What a search found and how. */
export interface KnowledgeSearchResult {
  mode: 'hybrid' | 'full-text';
  /** Why the search was full-text only, when it was. */
  note?: string;
  hits: FusedChunk[];
  durationMs: number;
}

/**
 * Searches one knowledge base of a workspace: ranked full-text search always; with an embedding model
 * and pgvector, vector search too, fused by reciprocal rank. When the query cannot be embedded (the
 * provider is down), it answers from full-text search and says so.
 */
export async function searchKnowledgeBase(
  runtime: Runtime,
  workspaceId: string,
  request: { knowledgeBaseId: string; query: string; topK: number; signal?: AbortSignal },
): Promise<KnowledgeSearchResult> {
  const started = performance.now();
  const base = await getKnowledgeBase(runtime, workspaceId, request.knowledgeBaseId);
  const status = searchModeOf(runtime, base.embedding);
  const settings = readEmbeddingSettings(base.embedding);
  const pool = Math.max(request.topK * 4, 20);
  if (status.mode === 'hybrid' && settings) {
    let queryVector: number[] | undefined;
    let note: string | undefined;
    try {
      [queryVector] = await embedTexts(runtime, workspaceId, settings, [request.query], request.signal);
    } catch (error) {
      note = `Vector search was skipped: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (queryVector) {
      const fullText = await fullTextSearch(runtime, base.id, request.query, pool);
      const vector = await vectorSearch(runtime, base.id, queryVector, pool);
      return {
        mode: 'hybrid',
        hits: fuseRankings(fullText, vector, request.topK),
        durationMs: performance.now() - started,
      };
    }
    return fullTextOnly(runtime, base.id, request, started, note);
  }
  return fullTextOnly(runtime, base.id, request, started, status.reason);
}

async function fullTextOnly(
  runtime: Runtime,
  knowledgeBaseId: string,
  request: { query: string; topK: number },
  started: number,
  note: string | undefined,
): Promise<KnowledgeSearchResult> {
  const hits = await fullTextSearch(runtime, knowledgeBaseId, request.query, request.topK);
  return {
    mode: 'full-text',
    note,
    hits: hits.map((hit, index) => ({ ...hit, fullTextRank: index + 1, fullTextScore: hit.score })),
    durationMs: performance.now() - started,
  };
}

/** The engine's KnowledgeRetriever over a workspace's knowledge bases (Knowledge nodes in runs). */
export function createKnowledgeRetriever(runtime: Runtime, workspaceId: string): KnowledgeRetriever {
  return {
    async search({ knowledgeBaseId, query, topK, signal }): Promise<KnowledgeHit[]> {
      const result = await searchKnowledgeBase(runtime, workspaceId, {
        knowledgeBaseId,
        query,
        topK,
        signal,
      });
      return result.hits.map(({ chunkId, documentId, documentName, heading, content, score }) => ({
        chunkId,
        documentId,
        documentName,
        heading,
        content,
        score,
      }));
    },
  };
}
