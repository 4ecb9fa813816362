import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import { AppError } from '../errors';
import { getKnowledgeBase } from '../knowledge/knowledge-bases';
import {
  addDocuments,
  type KnowledgeDocumentSummary,
  type RefusedFile,
} from '../knowledge/knowledge-documents';
import { formatBytes, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, MAX_UPLOAD_BYTES } from '../knowledge/limits';
import { overQuota, storageUsage } from '../knowledge/storage-quota';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from '../services/auth';
import { authenticateRequest } from './authenticate';
import { errorResponse, toErrorResponse } from './errors';

/** What an upload answers: the documents added (queued) and the files refused, each with its reason. */
export interface UploadResult {
  documents: KnowledgeDocumentSummary[];
  refused: RefusedFile[];
}

const TOO_LARGE = `larger than the ${formatBytes(MAX_FILE_BYTES)} limit per file`;

/** Multipart framing (boundaries, part headers) allowed on top of the files when checking the quota. */
const FRAMING_ALLOWANCE = 64 * 1024;

const uploadTooLarge = (bytes: number) =>
  new AppError(
    'too_large',
    `The upload is larger than the ${formatBytes(MAX_UPLOAD_BYTES)} limit per request${bytes > 0 ? ` (it is ${formatBytes(bytes)})` : ''}; send fewer files at a time.`,
  );

/** How many bytes of body an upload may carry, and the refusal past them. */
interface BodyLimit {
  bytes: number;
  refuse: (bytes: number) => AppError;
}

/**
 * `POST /api/knowledge/:id/documents` (multipart/form-data, any number of `file` parts up to 20): adds
 * the files to a knowledge base. Limits are enforced before and while the body streams in, never after
 * buffering it: a declared Content-Length past 200 MB a request, or past what the workspace's storage
 * quota has left, is refused with 413 before a byte is read; a body that grows past either is cut off
 * with 413 as it arrives; a file over 25 MB is cut off and refused, naming the limit, without being
 * buffered. Each file is stored as soon as it has arrived (the service checks the quota again), so
 * memory holds about one file at a time. Other files of the batch go on.
 */
export async function handleKnowledgeUpload(
  runtime: Runtime,
  request: Request,
  knowledgeBaseId: string,
): Promise<Response> {
  const result: UploadResult = { documents: [], refused: [] };
  try {
    const caller = await authenticateRequest(runtime, request);
    const actor: Actor = {
      user: { id: caller.userId ?? 'api-key', email: '', name: caller.via === 'api-key' ? 'API key' : '' },
      workspaceId: caller.workspaceId,
      role: caller.role,
    };
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) {
      throw new AppError('bad_request', 'Send the files as multipart/form-data, one "file" part per file.');
    }
    // Who may upload, and where, is settled before the body is read.
    requireRole(actor, 'editor');
    await getKnowledgeBase(runtime, actor.workspaceId, knowledgeBaseId);
    const limit = await bodyLimit(runtime, actor.workspaceId);
    const declared = Number(request.headers.get('content-length') ?? Number.NaN);
    if (declared > limit.bytes) throw limit.refuse(declared);
    await receiveFiles(runtime, actor, knowledgeBaseId, request.body, contentType, limit, result);
    if (result.documents.length === 0 && result.refused.length > 0) {
      const allTooLarge = result.refused.every(
        (file) => file.code === 'too_large' || file.code === 'over_quota',
      );
      return Response.json(
        {
          error: {
            code: allTooLarge ? 'too_large' : 'bad_request',
            message: result.refused.map((file) => `${file.name}: ${file.reason}`).join(' '),
          },
          ...result,
        },
        { status: allTooLarge ? 413 : 400 },
      );
    }
    if (result.documents.length === 0) return errorResponse('bad_request', 'The request has no files.', 400);
    return Response.json(result, { status: 201 });
  } catch (error) {
    // Files stored before the body was cut off stay (they were whole); the answer lists them.
    if (error instanceof AppError && error.code === 'too_large') {
      return Response.json(
        { error: { code: error.code, message: error.message }, ...result },
        { status: 413 },
      );
    }
    return toErrorResponse(error);
  }
}

/** The most body an upload may carry: 200 MB, or less when the workspace's quota has less left. */
async function bodyLimit(runtime: Runtime, workspaceId: string): Promise<BodyLimit> {
  const usage = await storageUsage(runtime, workspaceId);
  if (usage.quotaBytes === null) return { bytes: MAX_UPLOAD_BYTES, refuse: uploadTooLarge };
  const left = Math.max(0, usage.quotaBytes - usage.usedBytes);
  if (left + FRAMING_ALLOWANCE >= MAX_UPLOAD_BYTES)
    return { bytes: MAX_UPLOAD_BYTES, refuse: uploadTooLarge };
  return {
    bytes: left === 0 ? 0 : left + FRAMING_ALLOWANCE,
    refuse: (bytes) => {
      const error = overQuota(usage, Math.max(bytes - FRAMING_ALLOWANCE, 1));
      return new AppError('too_large', error.message);
    },
  };
}

function receiveFiles(
  runtime: Runtime,
  actor: Actor,
  knowledgeBaseId: string,
  body: ReadableStream<Uint8Array>,
  contentType: string,
  limit: BodyLimit,
  result: UploadResult,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let stored: Promise<void> = Promise.resolve();
    let failed = false;
    let received = 0;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.destroy();
      // Answer once the file being stored is in, so the answer lists every document that was added.
      stored.then(
        () => reject(error),
        () => reject(error),
      );
    };
    const parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        fileSize: MAX_FILE_BYTES,
        files: MAX_FILES_PER_UPLOAD,
        fields: 20,
        parts: MAX_FILES_PER_UPLOAD + 20,
      },
    });
    parser.on('file', (_field, stream, filename, _encoding, mimeType) => {
      const name = filename || 'upload';
      const parts: Buffer[] = [];
      let size = 0;
      stream.on('data', (part: Buffer) => {
        size += part.byteLength;
        if (!stream.truncated) parts.push(part);
      });
      stream.on('end', () => {
        if (stream.truncated) {
          parts.length = 0;
          result.refused.push({ name, code: 'too_large', reason: `The file is ${TOO_LARGE}.` });
          return;
        }
        const bytes = new Uint8Array(Buffer.concat(parts, size));
        parts.length = 0;
        stored = stored.then(async () => {
          const added = await addDocuments(runtime, actor, knowledgeBaseId, [{ name, bytes, mimeType }]);
          result.documents.push(...added.documents);
          result.refused.push(...added.refused);
        });
        stored.catch(fail);
      });
    });
    parser.on('filesLimit', () => {
      result.refused.push({
        name: '(more files)',
        code: 'too_large',
        reason: `Only ${MAX_FILES_PER_UPLOAD} files are accepted per upload; send the rest in another one.`,
      });
    });
    parser.on('error', (error: unknown) =>
      fail(
        new AppError(
          'bad_request',
          `The upload could not be read: ${error instanceof Error ? error.message : String(error)}`,
        ),
      ),
    );
    parser.on('finish', () => {
      stored.then(() => resolve(), fail);
    });
    const source = Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
    source.on('error', fail);
    // Counted as the bytes arrive: past the limit the body is cut off, whatever it declared.
    source.on('data', (chunk: Uint8Array) => {
      received += chunk.byteLength;
      if (received > limit.bytes) fail(limit.refuse(received));
    });
    source.pipe(parser);
  });
}
