import { type DocumentExtractor, markdownToBlocks, type TextBlock } from '@agentry/engine';
import { KnowledgeFileError } from '../knowledge-errors';
import { csvToBlocks } from './extract-csv';
import { decodeText } from './decode-text';
import { extractDocx } from './extract-docx';
import { htmlToBlocks } from './extract-html';
import { jsonToBlocks } from './extract-json';
import { extractPdf } from './extract-pdf';
import { detectFileType } from './file-types';

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
  const blocks: AsyncIterable<TextBlock> | Iterable<TextBlock> =
    type === 'pdf'
      ? extractPdf(bytes, signal, onProgress)
      : type === 'docx'
        ? await extractDocx(bytes)
        : textBlocks(type, decodeText(bytes));
  const total = Array.isArray(blocks) ? blocks.length : 0;
  let seen = 0;
  for await (const block of blocks) {
    if (block.text.trim()) {
      produced = true;
      yield block;
    }
    // PDFs report per page themselves; for the rest, blocks read tell how far along we are.
    if (total > 0) onProgress?.(++seen / total);
  }
  if (!produced) throw new KnowledgeFileError('no_text', 'No text was found in the document.');
};

function textBlocks(type: 'text' | 'markdown' | 'html' | 'csv' | 'json', text: string): TextBlock[] {
  switch (type) {
    case 'html':
      return htmlToBlocks(text);
    case 'csv':
      return csvToBlocks(text);
    case 'json':
      return jsonToBlocks(text);
    default:
      return markdownToBlocks(text);
  }
}
