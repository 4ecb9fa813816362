import type { ChatFile } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type ChatFileLimits, MAX_FILES_PER_MESSAGE } from './chat-file-types';
import {
  CHAT_FILE_URL_PREFIX,
  type ChatFileSource,
  chatFilesById,
  maxFileBytes,
  storeChatFile,
} from './chat-files';
import { parseEmbedSettings } from './embed-settings';

/** A file part of a chat message, as `useChat` sends it. */
export interface ChatFilePart {
  url: string;
  mediaType?: string;
  filename?: string;
}

/** The file parts of a UI message (`{ type: 'file', url, mediaType, filename }`). */
export function filePartsOf(message: {
  parts: { type: string; url?: string; mediaType?: string; filename?: string }[];
}): ChatFilePart[] {
  const parts: ChatFilePart[] = [];
  for (const part of message.parts) {
    if (part.type !== 'file') continue;
    if (typeof part.url !== 'string' || part.url.length === 0)
      throw new AppError('bad_request', 'messages: a file part has no url.');
    parts.push({ url: part.url, mediaType: part.mediaType, filename: part.filename });
  }
  if (parts.length > MAX_FILES_PER_MESSAGE)
    throw new AppError('bad_request', `A message may carry at most ${MAX_FILES_PER_MESSAGE} files.`);
  return parts;
}

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,/;

/**
 * The files a message's parts name, as the run's input: `agentry-file:<id>` must be a file uploaded for
 * this agent (and not of another conversation); a data URL is checked and stored first, under the same
 * limits as an upload. Any other URL is refused: nothing is fetched on a chat message's say-so.
 */
export async function chatFilesOfMessage(
  runtime: Runtime,
  request: {
    workspaceId: string;
    agentId: string;
    conversationId?: string;
    source: ChatFileSource;
    parts: readonly ChatFilePart[];
    /** The agent's file limits when the caller has them (the widget); read from the agent otherwise. */
    limits?: ChatFileLimits;
  },
): Promise<ChatFile[] | undefined> {
  if (request.parts.length === 0) return undefined;
  const ids: string[] = [];
  let limits = request.limits;
  for (const part of request.parts) {
    if (part.url.startsWith(CHAT_FILE_URL_PREFIX)) {
      ids.push(part.url.slice(CHAT_FILE_URL_PREFIX.length));
      continue;
    }
    const match = DATA_URL.exec(part.url);
    if (!match) {
      throw new AppError(
        'bad_request',
        `A file part's url must be "${CHAT_FILE_URL_PREFIX}<id>" (upload it first with POST /api/v1/agents/:id/files) or a data: URL.`,
      );
    }
    limits ??= parseEmbedSettings(
      (await getAgent(runtime, request.workspaceId, request.agentId)).embedSettings,
    ).files;
    const encoded = part.url.slice(match[0].length);
    const base64 = match[2]?.includes(';base64') ?? false;
    if ((base64 ? (encoded.length * 3) / 4 : encoded.length) > maxFileBytes(limits) + 4) {
      throw new AppError(
        'too_large',
        `"${part.filename ?? 'file'}" is larger than the ${limits.maxFileMb} MB this agent accepts.`,
      );
    }
    const bytes = base64 ? Buffer.from(encoded, 'base64') : Buffer.from(decodeURIComponent(encoded), 'utf8');
    const stored = await storeChatFile(runtime, {
      workspaceId: request.workspaceId,
      agentId: request.agentId,
      name: part.filename ?? 'file',
      claimedType: part.mediaType ?? match[1] ?? '',
      bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      source: request.source,
      limits,
    });
    ids.push(stored.id);
  }
  return chatFilesById(runtime, { ...request, ids });
}
