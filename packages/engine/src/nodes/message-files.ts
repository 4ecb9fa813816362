import { EngineError } from '../errors';
import type { NodeId } from '../format/ids';
import type { ChatFile, ChatMessage } from '../format/values';
import type { ModelFileSupport } from '../providers/model-capabilities';
import type { ChatFileStore } from '../runtime/context';

/** A file handed to the model as a file (AI SDK file part: images, PDFs for models that read them). */
export interface ModelFilePart {
  data: Uint8Array;
  mediaType: string;
  filename: string;
}

/** A user message's content as the model gets it: its text (documents appended) and its file parts. */
export interface ResolvedMessage {
  text: string;
  files: ModelFilePart[];
}

/** Longest document text put into a prompt, in characters; the rest is cut with a note. */
export const MAX_DOCUMENT_CHARS = 100_000;

const TEXT_TYPES = new Set(['application/json', 'text/csv', 'text/markdown', 'text/plain']);

/** Puts `files` on the last user message of `messages` (a new empty one when there is none). */
export function attachFiles(messages: ChatMessage[], files: readonly ChatFile[] | undefined): ChatMessage[] {
  if (!files || files.length === 0) return messages;
  const index = messages.findLastIndex((message) => message.role === 'user');
  if (index < 0) return [...messages, { role: 'user', content: '', files: [...files] }];
  const target = messages[index]!;
  const copy = [...messages];
  copy[index] = { ...target, files: [...(target.files ?? []), ...files] };
  return copy;
}

/** Whether any message carries files (only then is the slower, file-aware path taken). */
export function hasFiles(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => message.files !== undefined && message.files.length > 0);
}

/** The message without its files, for memory: the bytes stay with the conversation, not in every turn. */
export function withoutFiles(message: ChatMessage): ChatMessage {
  return { role: message.role, content: message.content };
}

/**
 * Turns a message's files into what `model` can take: images and PDFs as file parts when it reads them,
 * text documents (and PDFs or DOCX it cannot read) as text through the host's extractors. A kind the model
 * cannot take at all (an image for a text-only model) fails with a message naming the file and the model;
 * validation reports the same before a run when it can.
 */
export async function resolveMessageFiles(
  message: ChatMessage,
  model: { label: string; support: ModelFileSupport },
  options: { store?: ChatFileStore; nodeId?: NodeId },
): Promise<ResolvedMessage> {
  const resolved: ResolvedMessage = { text: message.content, files: [] };
  for (const file of message.files ?? []) {
    const data = file.data ?? (await options.store?.read(file.id));
    if (!data) {
      throw new EngineError(
        'unreadable_file',
        `The file "${file.name}" sent in this chat is no longer stored. Send it again.`,
        { nodeId: options.nodeId },
      );
    }
    if (file.mediaType.startsWith('image/')) {
      if (!model.support.images) {
        throw new EngineError(
          'unreadable_file',
          `${model.label} cannot read images (${file.name}); pick a model that can or turn off image uploads.`,
          { nodeId: options.nodeId },
        );
      }
      resolved.files.push({ data, mediaType: file.mediaType, filename: file.name });
    } else if (file.mediaType === 'application/pdf' && model.support.pdf) {
      resolved.files.push({ data, mediaType: file.mediaType, filename: file.name });
    } else {
      const text = await documentText(file, data, options);
      resolved.text = `${resolved.text}${resolved.text ? '\n\n' : ''}${fileBlock(file, text)}`;
    }
  }
  return resolved;
}

async function documentText(
  file: ChatFile,
  data: Uint8Array,
  options: { store?: ChatFileStore; nodeId?: NodeId },
): Promise<string> {
  if (TEXT_TYPES.has(file.mediaType)) return new TextDecoder().decode(data);
  if (!options.store?.extractText) {
    throw new EngineError(
      'unreadable_file',
      `"${file.name}" (${file.mediaType}) cannot be turned into text here; pick a model that reads it.`,
      { nodeId: options.nodeId },
    );
  }
  try {
    return await options.store.extractText(file, data);
  } catch (error) {
    throw new EngineError(
      'unreadable_file',
      `The text of "${file.name}" could not be read: ${error instanceof Error ? error.message : String(error)}`,
      { nodeId: options.nodeId, cause: error },
    );
  }
}

/** A document's text framed with its name, so a model (and the offline model) can tell files apart. */
function fileBlock(file: ChatFile, text: string): string {
  const cut = text.length > MAX_DOCUMENT_CHARS;
  const body = cut ? `${text.slice(0, MAX_DOCUMENT_CHARS)}\n[… cut: the document is longer]` : text;
  return `<file name="${file.name.replaceAll('"', "'")}" type="${file.mediaType}" size="${file.size}">\n${body}\n</file>`;
}
