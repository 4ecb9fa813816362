import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { knowledgeBases, knowledgeChunks, knowledgeDocuments, knowledgeFiles } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import { Chunker, type ChunkingOptions, type TextChunk } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { embedTexts, readEmbeddingSettings } from './embedding-settings';
import { extractDocumentBlocks } from './extract/extract-document';
import { refreshSearchStatistics } from './full-text-search';
import { KnowledgeFileError } from './knowledge-errors';
import { CHUNK_BATCH, EMBEDDING_BATCH, PROCESS_TIMEOUT_MS } from './limits';
import { storeEmbeddings } from './vector-store';

/** How one processing run ended. */
export interface ProcessOutcome {
  documentId: string;
  status: 'ready' | 'failed' | 'cancelled' | 'missing';
  chunkCount: number;
  error?: string;
}

/** Options of processDocument. */
export interface ProcessOptions {
  signal?: AbortSignal;
  chunking?: ChunkingOptions;
}

/** Writes progress to the document row at most every 250 ms (or on a jump of 10 points). */
function progressWriter(runtime: Runtime, documentId: string, onProgress?: (progress: number) => void) {
  let lastWritten = -1;
  let lastAt = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const report = (progress: number) => {
    const value = Math.max(0, Math.min(99, Math.floor(progress)));
    onProgress?.(value);
    const now = Date.now();
    if (value === lastWritten || (now - lastAt < 250 && value - lastWritten < 10)) return;
    lastWritten = value;
    lastAt = now;
    pending = pending.then(() =>
      runtime.db
        .update(knowledgeDocuments)
        .set({ progress: value })
        // Never after the final state: a late write must not turn "ready" back into 99%.
        .where(and(eq(knowledgeDocuments.id, documentId), eq(knowledgeDocuments.status, 'processing')))
        .catch(() => {}),
    );
  };
  return Object.assign(report, { settled: () => pending });
}

/**
 * The ingestion job for one document: extract its stored file, chunk it, write the chunks in batches
 * (full-text indexed by the database), embed them when the knowledge base has an embedding model and
 * pgvector exists, then mark it ready — or failed with the reason, keeping nothing half-done. It yields
 * to the event loop between batches, so a 20 MB PDF never blocks requests. Kept apart from the queue
 * so a BullMQ worker can call it as it is.
 */
export async function processDocument(
  runtime: Runtime,
  documentId: string,
  onProgress?: (progress: number) => void,
  options: ProcessOptions = {},
): Promise<ProcessOutcome> {
  const [document] = await runtime.db
    .select({
      id: knowledgeDocuments.id,
      name: knowledgeDocuments.name,
      mimeType: knowledgeDocuments.mimeType,
      workspaceId: knowledgeDocuments.workspaceId,
      knowledgeBaseId: knowledgeDocuments.knowledgeBaseId,
      embedding: knowledgeBases.embedding,
    })
    .from(knowledgeDocuments)
    .innerJoin(knowledgeBases, eq(knowledgeBases.id, knowledgeDocuments.knowledgeBaseId))
    .where(eq(knowledgeDocuments.id, documentId));
  if (!document) return { documentId, status: 'missing', chunkCount: 0 };

  const timeout = AbortSignal.timeout(PROCESS_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const report = progressWriter(runtime, documentId, onProgress);
  await runtime.db
    .update(knowledgeDocuments)
    .set({ status: 'processing', progress: 0, error: null, chunkCount: 0 })
    .where(eq(knowledgeDocuments.id, documentId));
  await runtime.db.delete(knowledgeChunks).where(eq(knowledgeChunks.documentId, documentId));

  const embedding = runtime.database.capabilities.vector
    ? readEmbeddingSettings(document.embedding)
    : undefined;
  let chunkCount = 0;
  try {
    const [file] = await runtime.db
      .select({ data: knowledgeFiles.data })
      .from(knowledgeFiles)
      .where(eq(knowledgeFiles.documentId, documentId));
    if (!file) throw new KnowledgeFileError('corrupt', 'The uploaded file is missing; upload it again.');

    const chunker = new Chunker(options.chunking);
    let batch: TextChunk[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch.map((chunk) => ({
        id: crypto.randomUUID(),
        documentId,
        knowledgeBaseId: document.knowledgeBaseId,
        ordinal: chunk.ordinal,
        heading: chunk.heading,
        content: chunk.content,
        tokenCount: chunk.tokenCount,
      }));
      await runtime.db.insert(knowledgeChunks).values(rows);
      // Vectors are made batch by batch too, so memory stays bounded whatever the document's size.
      if (embedding) {
        for (let start = 0; start < rows.length; start += EMBEDDING_BATCH) {
          const slice = rows.slice(start, start + EMBEDDING_BATCH);
          const texts = slice.map((row) => (row.heading ? `${row.heading}\n${row.content}` : row.content));
          const vectors = await embedTexts(runtime, document.workspaceId, embedding, texts, signal);
          await storeEmbeddings(
            runtime,
            document.knowledgeBaseId,
            slice.map((row, index) => ({ chunkId: row.id, embedding: vectors[index] ?? [] })),
          );
        }
      }
      chunkCount += rows.length;
      batch = [];
      signal.throwIfAborted();
      await yieldToEventLoop();
    };
    const blocks = extractDocumentBlocks({
      name: document.name,
      bytes: new Uint8Array(file.data.buffer, file.data.byteOffset, file.data.byteLength),
      mimeType: document.mimeType,
      signal,
      onProgress: (fraction) => report(fraction * 100),
    });
    for await (const block of blocks) {
      batch.push(...chunker.push(block));
      if (batch.length >= CHUNK_BATCH) await flush();
    }
    batch.push(...chunker.finish());
    await flush();
    if (chunkCount === 0) throw new KnowledgeFileError('no_text', 'No text was found in the document.');

    await report.settled();
    await runtime.db
      .update(knowledgeDocuments)
      .set({ status: 'ready', progress: 100, chunkCount, error: null })
      .where(eq(knowledgeDocuments.id, documentId));
    onProgress?.(100);
    refreshSearchStatistics(runtime);
    return { documentId, status: 'ready', chunkCount };
  } catch (thrown) {
    const error = describeFailure(thrown, signal, options.signal);
    // Nothing half-done stays searchable: the chunks (and their vectors, by cascade) go.
    await runtime.db
      .delete(knowledgeChunks)
      .where(eq(knowledgeChunks.documentId, documentId))
      .catch(() => {});
    await report.settled();
    // Stopped by its caller (shutdown, re-process, a new embedding model): not the document's fault, so
    // it goes back to the queue and the next start picks it up.
    const cancelled = options.signal?.aborted === true;
    await runtime.db
      .update(knowledgeDocuments)
      .set(
        cancelled
          ? { status: 'queued', progress: 0, error: null, chunkCount: 0 }
          : { status: 'failed', error, chunkCount: 0 },
      )
      .where(eq(knowledgeDocuments.id, documentId))
      .catch(() => {});
    return cancelled
      ? { documentId, status: 'cancelled', chunkCount: 0 }
      : { documentId, status: 'failed', chunkCount: 0, error };
  }
}

function describeFailure(
  thrown: unknown,
  signal: AbortSignal,
  callerSignal: AbortSignal | undefined,
): string {
  if (signal.aborted && !callerSignal?.aborted) {
    return `Processing took longer than ${PROCESS_TIMEOUT_MS / 60_000} minutes and was stopped.`;
  }
  if (thrown instanceof KnowledgeFileError) return thrown.message;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return `Processing failed: ${message}`;
}
