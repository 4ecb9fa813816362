import type { TextBlock } from '@agentry/engine';

/** What the server sends the reading thread: the document once, then a request for each next batch. */
export type ExtractionRequest =
  | { type: 'start'; name: string; bytes: Uint8Array; mimeType?: string }
  | { type: 'next' };

/**
 * What the reading thread answers. Blocks come only when asked for (`next`), so a document's text
 * never piles up in the server faster than its chunks are written.
 */
export type ExtractionReply =
  | { type: 'progress'; fraction: number }
  | { type: 'blocks'; blocks: TextBlock[] }
  | { type: 'end' }
  /** `code` is a KnowledgeFileError code; without one, the failure is not the file's fault. */
  | { type: 'error'; code?: string; message: string };
