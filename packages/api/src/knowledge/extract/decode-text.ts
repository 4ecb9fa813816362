import { KnowledgeFileError } from '../knowledge-errors';

/**
 * Decodes a text file: UTF-8 (a BOM is dropped), or Windows-1252 when it is not valid UTF-8. A file with
 * NUL bytes is binary data with a text name, and is refused.
 */
export function decodeText(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) {
    throw new KnowledgeFileError('corrupt', 'The file contains binary data, not text.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
