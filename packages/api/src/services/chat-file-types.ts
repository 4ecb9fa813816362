import { z } from 'zod';

/** The kinds of file a chat may carry; an agent's Embed settings pick which it accepts. */
export const CHAT_FILE_KINDS = [
  'png',
  'jpeg',
  'webp',
  'gif',
  'pdf',
  'txt',
  'md',
  'docx',
  'csv',
  'json',
] as const;
/** One kind of chat file. */
export type ChatFileKind = (typeof CHAT_FILE_KINDS)[number];

/** The media type each kind is stored and served as (never one a browser would run). */
export const CHAT_FILE_MEDIA_TYPES: Record<ChatFileKind, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  json: 'application/json',
};

/** Kinds that are images (a model must read images to get them). */
export const IMAGE_KINDS: ReadonlySet<ChatFileKind> = new Set(['png', 'jpeg', 'webp', 'gif']);

/** Limits on the files a chat accepts, per agent (Embed tab). */
export const chatFileLimitsSchema = z.object({
  /** The widget shows its attach button, and accepts paste and drop, only when this is on. */
  enabled: z.boolean().default(false),
  /** Largest file, in megabytes. */
  maxFileMb: z.number().min(0.1).max(25).default(5),
  /** Kinds accepted (checked from the bytes). */
  kinds: z
    .array(z.enum(CHAT_FILE_KINDS))
    .max(CHAT_FILE_KINDS.length)
    .default(['png', 'jpeg', 'webp', 'gif', 'pdf', 'txt']),
});

/** An agent's chat file limits with defaults filled in. */
export type ChatFileLimits = z.infer<typeof chatFileLimitsSchema>;

/** Most files one message may carry. */
export const MAX_FILES_PER_MESSAGE = 10;

const EXTENSION_KINDS: Record<string, ChatFileKind> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  webp: 'webp',
  gif: 'gif',
  pdf: 'pdf',
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  docx: 'docx',
  csv: 'csv',
  json: 'json',
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** The binary kind the bytes are, by their magic numbers; undefined for anything else (text included). */
function binaryKind(bytes: Uint8Array): ChatFileKind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A DOCX is a zip whose entries include word/…; any other zip is refused.
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.byteLength, 64 * 1024)));
    return head.includes('word/') ? 'docx' : undefined;
  }
  return undefined;
}

/** Text a browser could run as a page or a script: refused whatever name it comes under. */
const ACTIVE_TEXT = /^\s*(<!doctype\s+html|<html|<script|<svg|<\?xml|<body|<head|<iframe)/i;

function textOf(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** A checked file: its kind and media type, from the bytes. */
export interface CheckedChatFile {
  kind: ChatFileKind;
  mediaType: string;
}

/**
 * Decides what a file is from its bytes, never from what the sender claims: images, PDFs and DOCX by
 * their magic numbers; txt/md/csv/json only when the bytes are UTF-8 text (json must parse), told apart
 * by the name's extension or the claimed type. A claim that the bytes contradict (a .png that is HTML)
 * is refused, and so is HTML, SVG or XML under any name. Throws an Error naming what is wrong.
 */
export function checkChatFile(name: string, claimedType: string, bytes: Uint8Array): CheckedChatFile {
  if (bytes.byteLength === 0) throw new Error(`"${name}" is empty.`);
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  const claimedKind =
    (extension ? EXTENSION_KINDS[extension] : undefined) ??
    (Object.entries(CHAT_FILE_MEDIA_TYPES).find(([, type]) => type === claimedType.toLowerCase())?.[0] as
      | ChatFileKind
      | undefined);
  const binary = binaryKind(bytes);
  if (binary) {
    if (claimedKind && claimedKind !== binary)
      throw new Error(`"${name}" claims to be ${claimedKind} but its content is ${binary}.`);
    return { kind: binary, mediaType: CHAT_FILE_MEDIA_TYPES[binary] };
  }
  const text = textOf(bytes);
  if (text === undefined || ACTIVE_TEXT.test(text)) {
    throw new Error(
      `"${name}" is not a file a chat accepts: its content is not an image (PNG, JPEG, WebP, GIF), a PDF, a DOCX or plain text${text !== undefined ? ' (HTML, SVG and XML are never accepted)' : ''}.`,
    );
  }
  if (claimedKind && !['txt', 'md', 'csv', 'json'].includes(claimedKind))
    throw new Error(`"${name}" claims to be ${claimedKind} but its content is text.`);
  const kind = claimedKind ?? 'txt';
  if (kind === 'json') {
    try {
      JSON.parse(text);
    } catch {
      throw new Error(`"${name}" is not valid JSON.`);
    }
  }
  return { kind, mediaType: CHAT_FILE_MEDIA_TYPES[kind] };
}
