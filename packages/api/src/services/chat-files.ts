import { createHash } from 'node:crypto';
import { chatFiles } from '@agentry/db';
import { and, eq, inArray, isNull, lt, or } from '@agentry/db/drizzle';
import type { ChatFile, ChatFileStore } from '@agentry/engine';
import { AppError } from '../errors';
import { createThreadExtractor } from '../knowledge/extract/extract-in-thread';
import { KnowledgeFileError } from '../knowledge/knowledge-errors';
import { formatBytes } from '../knowledge/limits';
import { reserveStorage } from '../knowledge/storage-quota';
import type { Runtime } from '../runtime';
import {
  type ChatFileLimits,
  CHAT_FILE_MEDIA_TYPES,
  checkChatFile,
  MAX_FILES_PER_MESSAGE,
} from './chat-file-types';

/** What an upload answers, and what a message's file part refers to. */
export interface ChatFileSummary {
  id: string;
  name: string;
  mediaType: string;
  size: number;
}

/** Where a file came from: the builder's preview, the widget or the API. */
export type ChatFileSource = 'preview' | 'widget' | 'api';

/** A file not attached to a conversation this long after its upload is deleted. */
export const UNATTACHED_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/** The URL scheme a message's file part uses to name a stored file: `agentry-file:<id>`. */
export const CHAT_FILE_URL_PREFIX = 'agentry-file:';

/** The largest file any agent may accept, in bytes (the Embed tab's ceiling). */
export const MAX_CHAT_FILE_BYTES = 25 * 1024 * 1024;

/** The largest file `limits` accepts, in bytes. */
export function maxFileBytes(limits: ChatFileLimits): number {
  return Math.round(limits.maxFileMb * 1024 * 1024);
}

/** A file name safe to store and show: no folders, no control characters, at most 200 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const cleaned = [...base]
    .filter((character) => character.charCodeAt(0) >= 0x20 && character !== '\u007f' && character !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}

/**
 * Stores a file sent for a chat after checking it: size within the agent's limit, kind checked from the
 * bytes and allowed by the agent, and room in the workspace's storage quota (shared with knowledge
 * files, under the same per-workspace lock). Files of the workspace left unattached for a day go first.
 */
export async function storeChatFile(
  runtime: Runtime,
  request: {
    workspaceId: string;
    agentId: string;
    name: string;
    claimedType: string;
    bytes: Uint8Array;
    source: ChatFileSource;
    createdBy?: string | null;
    limits: ChatFileLimits;
  },
): Promise<ChatFileSummary> {
  const name = cleanName(request.name);
  const limit = maxFileBytes(request.limits);
  if (request.bytes.byteLength > limit) {
    throw new AppError(
      'too_large',
      `"${name}" is ${formatBytes(request.bytes.byteLength)}; this agent accepts files up to ${formatBytes(limit)}.`,
    );
  }
  let checked: ReturnType<typeof checkChatFile>;
  try {
    checked = checkChatFile(name, request.claimedType, request.bytes);
  } catch (error) {
    throw new AppError('bad_request', (error as Error).message);
  }
  if (!request.limits.kinds.includes(checked.kind)) {
    throw new AppError(
      'bad_request',
      `"${name}" is ${checked.kind.toUpperCase()}, which this agent does not accept. It accepts: ${request.limits.kinds.join(', ') || 'no files'}.`,
    );
  }
  await sweepUnattachedFiles(runtime, request.workspaceId);
  const size = request.bytes.byteLength;
  const [row] = await runtime.db.transaction(async (transaction) => {
    try {
      await reserveStorage(runtime, transaction, request.workspaceId, size);
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      throw new AppError(
        'too_large',
        `The workspace's storage is full, so "${name}" (${formatBytes(size)}) cannot be stored. Remove knowledge documents, or ask an admin to raise AGENTRY_STORAGE_QUOTA_MB.`,
      );
    }
    return transaction
      .insert(chatFiles)
      .values({
        workspaceId: request.workspaceId,
        agentId: request.agentId,
        name,
        mediaType: checked.mediaType,
        sizeBytes: size,
        sha256: createHash('sha256').update(request.bytes).digest('hex'),
        data: Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength),
        source: request.source,
        createdBy: request.createdBy ?? null,
      })
      .returning({ id: chatFiles.id });
  });
  if (!row) throw new Error('The file was not stored.');
  return { id: row.id, name, mediaType: checked.mediaType, size };
}

/** Deletes a workspace's files that no message took within UNATTACHED_FILE_TTL_MS of their upload. */
export async function sweepUnattachedFiles(runtime: Runtime, workspaceId: string): Promise<void> {
  await runtime.db
    .delete(chatFiles)
    .where(
      and(
        eq(chatFiles.workspaceId, workspaceId),
        isNull(chatFiles.conversationId),
        lt(chatFiles.createdAt, new Date(Date.now() - UNATTACHED_FILE_TTL_MS)),
      ),
    );
}

/**
 * The stored files a message names, checked to belong to the agent and to be unattached or already of
 * this conversation (a file of another conversation cannot be borrowed). Unknown ids are a 404 naming them.
 */
export async function chatFilesById(
  runtime: Runtime,
  request: { workspaceId: string; agentId: string; ids: readonly string[]; conversationId?: string },
): Promise<ChatFile[]> {
  if (request.ids.length === 0) return [];
  if (request.ids.length > MAX_FILES_PER_MESSAGE)
    throw new AppError('bad_request', `A message may carry at most ${MAX_FILES_PER_MESSAGE} files.`);
  const rows = await runtime.db
    .select({
      id: chatFiles.id,
      name: chatFiles.name,
      mediaType: chatFiles.mediaType,
      size: chatFiles.sizeBytes,
    })
    .from(chatFiles)
    .where(
      and(
        inArray(chatFiles.id, [...request.ids]),
        eq(chatFiles.workspaceId, request.workspaceId),
        eq(chatFiles.agentId, request.agentId),
        request.conversationId
          ? or(isNull(chatFiles.conversationId), eq(chatFiles.conversationId, request.conversationId))
          : isNull(chatFiles.conversationId),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return request.ids.map((id) => {
    const row = byId.get(id);
    if (!row)
      throw new AppError('not_found', `The file ${id} does not exist for this agent. Upload it again.`);
    return row;
  });
}

/** A stored file with its bytes, for a member of its workspace (404 for anyone else). */
export async function chatFileForMember(
  runtime: Runtime,
  request: { workspaceId: string; agentId: string; fileId: string },
) {
  const [row] = await runtime.db
    .select({ name: chatFiles.name, mediaType: chatFiles.mediaType, data: chatFiles.data })
    .from(chatFiles)
    .where(
      and(
        eq(chatFiles.id, request.fileId),
        eq(chatFiles.workspaceId, request.workspaceId),
        eq(chatFiles.agentId, request.agentId),
      ),
    );
  if (!row) throw new AppError('not_found', 'No such file for this agent.');
  return { name: row.name, mediaType: row.mediaType, data: new Uint8Array(row.data) };
}

let extractor: ReturnType<typeof createThreadExtractor> | undefined;

/**
 * The engine's view of a workspace's chat files: their bytes by id, and the text of documents a model
 * cannot read, through the knowledge extractors on a worker thread (the same limits as knowledge files).
 */
export function chatFileStore(runtime: Runtime, workspaceId: string): ChatFileStore {
  return {
    async read(fileId) {
      const [row] = await runtime.db
        .select({ data: chatFiles.data })
        .from(chatFiles)
        .where(and(eq(chatFiles.id, fileId), eq(chatFiles.workspaceId, workspaceId)));
      return row ? new Uint8Array(row.data) : undefined;
    },
    async extractText(file, data) {
      extractor ??= createThreadExtractor();
      const texts: string[] = [];
      for await (const block of extractor({ name: file.name, bytes: data, mimeType: file.mediaType })) {
        texts.push(block.type === 'heading' ? `${'#'.repeat(block.level)} ${block.text}` : block.text);
      }
      return texts.join('\n\n');
    },
  };
}

/** Whether a media type is one the chat stores (for the download route's inline images). */
export function isChatFileMediaType(mediaType: string): boolean {
  return Object.values(CHAT_FILE_MEDIA_TYPES).includes(mediaType);
}
