import { createHash } from 'node:crypto';
import { knowledgeChunks, knowledgeDocuments, knowledgeFiles } from '@agentry/db';
import { and, asc, desc, eq, sql } from '@agentry/db/drizzle';
import { z } from 'zod';
import { AppError } from '../errors';
import { formatCount } from '../format-count';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from '../services/auth';
import { detectFileType, MIME_TYPES } from './extract/file-types';
import { checkZipArchive } from './extract/zip-limits';
import { ingestionQueue } from './ingestion-queue';
import { getKnowledgeBase } from './knowledge-bases';
import { KnowledgeFileError, type KnowledgeFileErrorCode } from './knowledge-errors';
import { formatBytes, MAX_FILE_BYTES, MAX_PASTED_CHARS } from './limits';
import { reserveStorage } from './storage-quota';

/** A file handed to a knowledge base (an upload, a CLI argument, `Agent.train()`). */
export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
  mimeType?: string;
}

/** A file refused before it was stored, with the reason. */
export interface RefusedFile {
  name: string;
  /** Why, as a stable code (`too_large` and `over_quota` answer 413 over HTTP). */
  code: KnowledgeFileErrorCode;
  reason: string;
}

/** Input for pasting text into a knowledge base. */
export const addTextInput = z.object({
  id: z.string().min(1).max(100),
  name: z.string().trim().max(200).optional(),
  text: z
    .string()
    .min(1, 'Paste some text')
    .max(MAX_PASTED_CHARS, `Pasted text is limited to ${formatCount(MAX_PASTED_CHARS)} characters`),
});

const documentColumns = {
  id: knowledgeDocuments.id,
  knowledgeBaseId: knowledgeDocuments.knowledgeBaseId,
  name: knowledgeDocuments.name,
  mimeType: knowledgeDocuments.mimeType,
  sizeBytes: knowledgeDocuments.sizeBytes,
  status: knowledgeDocuments.status,
  error: knowledgeDocuments.error,
  progress: knowledgeDocuments.progress,
  chunkCount: knowledgeDocuments.chunkCount,
  createdAt: knowledgeDocuments.createdAt,
  updatedAt: knowledgeDocuments.updatedAt,
};

/** A document as the page shows it. */
export type KnowledgeDocumentSummary = Awaited<ReturnType<typeof listDocuments>>[number];

function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  // Control characters would break logs and headers; keep names short enough for the page.
  const cleaned = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'document';
}

/**
 * Checks a file before it is stored: size, emptiness, type and (for DOCX) what it unpacks to. Returns
 * the MIME type to store.
 */
export function checkIncomingFile(file: IncomingFile): string {
  if (file.bytes.byteLength > MAX_FILE_BYTES) {
    throw new KnowledgeFileError(
      'too_large',
      `The file is ${formatBytes(file.bytes.byteLength)}; the limit is ${formatBytes(MAX_FILE_BYTES)} per file.`,
    );
  }
  if (file.bytes.byteLength === 0) throw new KnowledgeFileError('empty', 'The file is empty.');
  const type = detectFileType(file.name, file.mimeType, file.bytes.subarray(0, 8));
  // Refused at the door too, so the uploader hears it at once (processing checks again).
  if (type === 'docx') checkZipArchive(file.bytes, 'DOCX');
  return MIME_TYPES[type];
}

/**
 * Adds files to a knowledge base and queues them for processing. Each file is checked alone: one that is
 * too large, empty, of an unsupported type, already present or past the workspace's storage quota is
 * refused with its reason and the others are still added. Encrypted or damaged files are found while processing and fail with the reason.
 */
export async function addDocuments(
  runtime: Runtime,
  actor: Actor,
  knowledgeBaseId: string,
  files: readonly IncomingFile[],
  options: { queue?: boolean } = {},
) {
  requireRole(actor, 'editor');
  const base = await getKnowledgeBase(runtime, actor.workspaceId, knowledgeBaseId);
  const documents: KnowledgeDocumentSummary[] = [];
  const refused: RefusedFile[] = [];
  for (const file of files) {
    const name = cleanName(file.name);
    try {
      const mimeType = checkIncomingFile({ ...file, name });
      const contentHash = createHash('sha256').update(file.bytes).digest('hex');
      const [duplicate] = await runtime.db
        .select({ name: knowledgeDocuments.name })
        .from(knowledgeDocuments)
        .where(
          and(
            eq(knowledgeDocuments.knowledgeBaseId, base.id),
            eq(knowledgeDocuments.contentHash, contentHash),
          ),
        );
      if (duplicate)
        throw new KnowledgeFileError('duplicate', `The same file is already here as "${duplicate.name}".`);
      // The quota is checked and the file stored under one per-workspace lock (see reserveStorage).
      const row = await runtime.db.transaction(async (transaction) => {
        await reserveStorage(runtime, transaction, actor.workspaceId, file.bytes.byteLength);
        const [inserted] = await transaction
          .insert(knowledgeDocuments)
          .values({
            knowledgeBaseId: base.id,
            workspaceId: actor.workspaceId,
            name,
            mimeType,
            sizeBytes: file.bytes.byteLength,
            contentHash,
          })
          .returning(documentColumns);
        await transaction
          .insert(knowledgeFiles)
          .values({ documentId: inserted!.id, data: Buffer.from(file.bytes) });
        return inserted!;
      });
      documents.push(row);
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      refused.push({ name, code: error.code, reason: error.message });
    }
  }
  if (options.queue !== false) {
    const queue = ingestionQueue(runtime);
    for (const document of documents) queue.enqueue(document.id);
  }
  return { documents, refused };
}

/** Adds pasted text as a markdown document. */
export async function addText(runtime: Runtime, actor: Actor, input: z.infer<typeof addTextInput>) {
  const name = input.name?.trim() || `Pasted text ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`;
  const fileName = /\.(md|markdown|txt)$/i.test(name) ? name : `${name}.md`;
  const result = await addDocuments(runtime, actor, input.id, [
    { name: fileName, bytes: new TextEncoder().encode(input.text), mimeType: 'text/markdown' },
  ]);
  const refusal = result.refused[0];
  if (refusal) {
    const tooLarge = refusal.code === 'too_large' || refusal.code === 'over_quota';
    throw new AppError(tooLarge ? 'too_large' : 'bad_request', refusal.reason);
  }
  return result.documents[0]!;
}

/** The documents of a knowledge base, newest first. */
export async function listDocuments(runtime: Runtime, actor: Actor, knowledgeBaseId: string) {
  const base = await getKnowledgeBase(runtime, actor.workspaceId, knowledgeBaseId);
  return runtime.db
    .select(documentColumns)
    .from(knowledgeDocuments)
    .where(eq(knowledgeDocuments.knowledgeBaseId, base.id))
    .orderBy(desc(knowledgeDocuments.createdAt), asc(knowledgeDocuments.name));
}

async function getDocument(runtime: Runtime, workspaceId: string, documentId: string) {
  const [row] = await runtime.db
    .select(documentColumns)
    .from(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.id, documentId), eq(knowledgeDocuments.workspaceId, workspaceId)));
  if (!row) throw new AppError('not_found', 'No such document in this workspace.');
  return row;
}

/** A page of a document's chunks, in order, for the chunk preview. */
export async function documentChunks(
  runtime: Runtime,
  actor: Actor,
  documentId: string,
  page: { offset?: number; limit?: number } = {},
) {
  const document = await getDocument(runtime, actor.workspaceId, documentId);
  const limit = Math.min(Math.max(page.limit ?? 20, 1), 100);
  const chunks = await runtime.db
    .select({
      id: knowledgeChunks.id,
      ordinal: knowledgeChunks.ordinal,
      heading: knowledgeChunks.heading,
      content: knowledgeChunks.content,
      tokenCount: knowledgeChunks.tokenCount,
    })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, document.id))
    .orderBy(asc(knowledgeChunks.ordinal))
    .offset(Math.max(page.offset ?? 0, 0))
    .limit(limit);
  const [total] = await runtime.db
    .select({ count: sql<number>`count(*)::int` })
    .from(knowledgeChunks)
    .where(eq(knowledgeChunks.documentId, document.id));
  return { document, chunks, total: total?.count ?? 0 };
}

/** Processes a document again from its stored file (after a failure, or to use new settings). */
export async function reprocessDocument(runtime: Runtime, actor: Actor, documentId: string) {
  requireRole(actor, 'editor');
  const document = await getDocument(runtime, actor.workspaceId, documentId);
  const queue = ingestionQueue(runtime);
  await queue.cancel(document.id);
  // Asked for by a person: the count of interrupted attempts starts again.
  await runtime.db
    .update(knowledgeDocuments)
    .set({ status: 'queued', progress: 0, error: null, attempts: 0 })
    .where(eq(knowledgeDocuments.id, document.id));
  queue.enqueue(document.id);
  return { ...document, status: 'queued', progress: 0, error: null };
}

/** Removes a document with its file, chunks and vectors (by cascade); a running job stops. */
export async function removeDocument(runtime: Runtime, actor: Actor, documentId: string): Promise<void> {
  requireRole(actor, 'editor');
  const document = await getDocument(runtime, actor.workspaceId, documentId);
  await ingestionQueue(runtime).cancel(document.id);
  await runtime.db.delete(knowledgeDocuments).where(eq(knowledgeDocuments.id, document.id));
}
