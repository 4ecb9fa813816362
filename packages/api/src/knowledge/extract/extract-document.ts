import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type DocumentExtractor, markdownBlocks, type TextBlock } from '@agentry/engine';
import { KnowledgeFileError } from '../knowledge-errors';
import { decodeText } from './decode-text';
import { jsonToBlocks } from './extract-json';
import { detectFileType, type KnowledgeFileType } from './file-types';
import { checkZipArchive } from './zip-limits';

/**
 * Extracts any supported document (txt, md, html, pdf, docx, csv, json) as headings and paragraphs.
 * It is the `DocumentExtractor` of both the server's ingestion and `Agent.train()`
 * (`createMemoryKnowledge({ extract: extractDocumentBlocks })`), so they read files the same way.
 * Throws `KnowledgeFileError` with the reason for empty, unsupported, encrypted or damaged files.
 */
export const extractDocumentBlocks: DocumentExtractor = async function* ({
  name,
  bytes,
  mimeType,
  signal,
  onProgress,
}) {
  if (bytes.byteLength === 0) throw new KnowledgeFileError('empty', 'The file is empty.');
  const type = detectFileType(name, mimeType, bytes.subarray(0, 8));
  let produced = false;
  let pausedAt = performance.now();
  for await (const block of blocksOf(type, bytes, signal, onProgress)) {
    if (block.text.trim()) {
      produced = true;
      yield block;
    }
    // Parsers of large text files work synchronously: let other requests run every few milliseconds.
    if (performance.now() - pausedAt > 10) {
      signal?.throwIfAborted();
      await yieldToEventLoop();
      pausedAt = performance.now();
    }
  }
  if (!produced) throw new KnowledgeFileError('no_text', 'No text was found in the document.');
};

async function* blocksOf(
  type: KnowledgeFileType,
  bytes: Uint8Array,
  signal: AbortSignal | undefined,
  onProgress: ((fraction: number) => void) | undefined,
): AsyncGenerator<TextBlock> {
  // The parsers of binary and structured formats (pdf.js, mammoth, htmlparser2, papaparse) are loaded
  // the first time such a file comes: a server that never ingests one does not hold them in memory.
  switch (type) {
    case 'pdf': {
      const { extractPdf } = await import('./extract-pdf');
      yield* extractPdf(bytes, signal, onProgress);
      return;
    }
    case 'docx': {
      // Before mammoth unpacks anything: a 30 KB file can declare gigabytes.
      checkZipArchive(bytes, 'DOCX');
      const { extractDocx } = await import('./extract-docx');
      yield* await extractDocx(bytes);
      onProgress?.(1);
      return;
    }
    case 'html': {
      const { htmlBlocks } = await import('./extract-html');
      yield* htmlBlocks(decodeText(bytes), onProgress);
      return;
    }
    case 'csv': {
      const { csvBlocks } = await import('./extract-csv');
      yield* csvBlocks(decodeText(bytes), onProgress);
      return;
    }
    case 'json':
      yield* jsonToBlocks(decodeText(bytes));
      onProgress?.(1);
      return;
    default:
      yield* markdownBlocks(decodeText(bytes), onProgress);
  }
}
