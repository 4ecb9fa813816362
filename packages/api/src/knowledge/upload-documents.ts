import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import { AppError } from '../errors';
import { authenticateRequest } from '../http/authenticate';
import { errorResponse, toErrorResponse } from '../http/errors';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { addDocuments, type KnowledgeDocumentSummary, type RefusedFile } from './knowledge-documents';
import { formatBytes, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from './limits';

/** What an upload answers: the documents added (queued) and the files refused, each with its reason. */
export interface UploadResult {
  documents: KnowledgeDocumentSummary[];
  refused: RefusedFile[];
}

const TOO_LARGE = `larger than the ${formatBytes(MAX_FILE_BYTES)} limit per file`;

/**
 * `POST /api/knowledge/:id/documents` (multipart/form-data, any number of `file` parts up to 20): adds
 * the files to a knowledge base. The size limit is enforced while the body streams in — a file over
 * 25 MB is cut off and refused, naming the limit, without being buffered — and each file is stored as
 * soon as it has arrived, so memory holds about one file at a time. Other files of the batch go on.
 */
export async function handleKnowledgeUpload(
  runtime: Runtime,
  request: Request,
  knowledgeBaseId: string,
): Promise<Response> {
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
    const result = await receiveFiles(runtime, actor, knowledgeBaseId, request.body, contentType);
    if (result.documents.length === 0 && result.refused.length > 0) {
      const allTooLarge = result.refused.every((file) => file.reason.includes(TOO_LARGE));
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
    return toErrorResponse(error);
  }
}

function receiveFiles(
  runtime: Runtime,
  actor: Actor,
  knowledgeBaseId: string,
  body: ReadableStream<Uint8Array>,
  contentType: string,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const result: UploadResult = { documents: [], refused: [] };
    let stored: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(error);
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
          result.refused.push({ name, reason: `The file is ${TOO_LARGE}.` });
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
      stored.then(() => resolve(result), fail);
    });
    const source = Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
    source.on('error', fail);
    source.pipe(parser);
  });
}
