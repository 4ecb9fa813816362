import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { knowledgeBases, knowledgeChunks, knowledgeDocuments, knowledgeFiles } from '@agentry/db';
import { and, eq, lt, or, type SQL, sql } from '@agentry/db/drizzle';
import { Chunker, type ChunkingOptions, type DocumentExtractor, type TextChunk } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { embedTexts, readEmbeddingSettings } from './embedding-settings';
import { createThreadExtractor } from './extract/extract-in-thread';
import { refreshSearchStatistics } from './full-text-search';
import { KnowledgeFileError } from './knowledge-errors';
import { CHUNK_BATCH, EMBEDDING_BATCH, MAX_PROCESSING_ATTEMPTS, PROCESS_TIMEOUT_MS } from './limits';
import { storeEmbeddings } from './vector-store';

/** How one processing run ended. */
export interface ProcessOutcome {
  documentId: string;
  /** `skipped`: another process (or job) holds it, or it is no longer queued. */
  status: 'ready' | 'failed' | 'cancelled' | 'missing' | 'skipped';
  chunkCount: number;
  error?: string;
}

/** Options of processDocument. */
export interface ProcessOptions {
  signal?: AbortSignal;
  chunking?: ChunkingOptions;
  /** Reads the file (tests); by default each document is read on a worker thread of its own. */
  extract?: DocumentExtractor;
}

/** Reads documents on worker threads with memory and time limits (see extract-in-thread.ts). */
const readInThread = createThreadExtractor();

/** Why a document that kept stopping mid-way is not tried again, in words for the page. */
export function interruptedReason(attempts: number): string {
  return `Processing stopped ${attempts} times without finishing (the file may be too large or malformed), so it is not tried again. Remove it, or fix the file and upload it again.`;
}

/**
 * Marks a document failed because its processing started too often without finishing (the server or
 * its reading thread died each time), so a start-up never picks it up again.
 */
export async function failInterruptedDocument(
  runtime: Runtime,
  documentId: string,
  attempts: number,
): Promise<string> {
  const error = interruptedReason(attempts);
  await runtime.db
    .update(knowledgeDocuments)
    .set({ status: 'failed', error, progress: 0, chunkCount: 0 })
    .where(eq(knowledgeDocuments.id, documentId));
  return error;
}

/**
 * How long a document may stay `processing` without a write before another process may take it over:
 * a live process fails or finishes it within PROCESS_TIMEOUT_MS, so one untouched for longer belongs to
 * a process that died.
 */
export const ABANDONED_AFTER_MS = PROCESS_TIMEOUT_MS + 60_000;

/**
 * Which documents a process may claim: queued ones, and processing ones left by a process that died. The
 * embedded database serves a single process, so there every processing document was left by a previous
 * run of it; on PostgreSQL another instance may be processing it right now, so only one untouched for
 * ABANDONED_AFTER_MS (database time, so instances' clocks need not agree) counts as left.
 */
export function claimable(runtime: Runtime): SQL {
  const abandoned =
    runtime.database.kind === 'pglite'
      ? sql`true`
      : sql`${knowledgeDocuments.updatedAt} < now() - make_interval(secs => ${ABANDONED_AFTER_MS / 1000})`;
  return or(
    eq(knowledgeDocuments.status, 'queued'),
    and(eq(knowledgeDocuments.status, 'processing'), abandoned),
  )!;
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
 * The ingestion job for one document: count the attempt, extract its stored file on a worker thread
 * with memory and time limits, chunk it, write the chunks in batches (full-text indexed by the
 * database), embed them when the knowledge base has an embedding model and pgvector exists, then mark
 * it ready — or failed with the reason, keeping nothing half-done. A document whose processing already
 * started MAX_PROCESSING_ATTEMPTS times without finishing fails without being read again. It yields
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
      attempts: knowledgeDocuments.attempts,
    })
    .from(knowledgeDocuments)
    .innerJoin(knowledgeBases, eq(knowledgeBases.id, knowledgeDocuments.knowledgeBaseId))
    .where(eq(knowledgeDocuments.id, documentId));
  if (!document) return { documentId, status: 'missing', chunkCount: 0 };

  const timeout = AbortSignal.timeout(PROCESS_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const report = progressWriter(runtime, documentId, onProgress);
  // The attempt is counted before the file is read: if reading kills the process, the next start
  // sees it, and after MAX_PROCESSING_ATTEMPTS the document fails instead of looping. The update is
  // also the claim: it only matches a claimable document, so of several processes (or jobs) asked to
  // process it, exactly one gets the row back and the others skip it.
  const claimed = await runtime.db
    .update(knowledgeDocuments)
    .set({
      status: 'processing',
      progress: 0,
      error: null,
      chunkCount: 0,
      attempts: sql`${knowledgeDocuments.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(knowledgeDocuments.id, documentId),
        lt(knowledgeDocuments.attempts, MAX_PROCESSING_ATTEMPTS),
        claimable(runtime),
      ),
    )
    .returning({ attempts: knowledgeDocuments.attempts });
  if (claimed.length === 0) {
    // Claimable but out of attempts: it kept stopping mid-way, so it fails instead of being read again.
    const [spent] = await runtime.db
      .select({ id: knowledgeDocuments.id })
      .from(knowledgeDocuments)
      .where(and(eq(knowledgeDocuments.id, documentId), claimable(runtime)));
    if (!spent) return { documentId, status: 'skipped', chunkCount: 0 };
    const error = await failInterruptedDocument(runtime, documentId, document.attempts);
    return { documentId, status: 'failed', chunkCount: 0, error };
  }
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
    const extract = options.extract ?? readInThread;
    const blocks = extract({
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
    // it goes back to the queue, the attempt is given back, and the next start picks it up.
    const cancelled = options.signal?.aborted === true;
    await runtime.db
      .update(knowledgeDocuments)
      .set(
        cancelled
          ? {
              status: 'queued',
              progress: 0,
              error: null,
              chunkCount: 0,
              attempts: sql`greatest(${knowledgeDocuments.attempts} - 1, 0)`,
            }
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
