import type { TextBlock } from '@agentry/engine';
import mammoth from 'mammoth';
import { KnowledgeFileError } from '../knowledge-errors';
import { htmlToBlocks } from './extract-html';

/** Reads a Word document through mammoth's HTML (headings keep their levels), refusing damaged files. */
export async function extractDocx(bytes: Uint8Array): Promise<TextBlock[]> {
  let html: string;
  try {
    const result = await mammoth.convertToHtml({
      buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    });
    html = result.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KnowledgeFileError(
      'corrupt',
      `The DOCX document could not be read: it is damaged or not a Word document (${message}).`,
      { cause: error },
    );
  }
  return htmlToBlocks(html);
}
