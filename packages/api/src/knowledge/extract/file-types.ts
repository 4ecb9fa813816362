import { KnowledgeFileError } from '../knowledge-errors';

/** The document formats a knowledge base reads. */
export type KnowledgeFileType = 'text' | 'markdown' | 'html' | 'pdf' | 'docx' | 'csv' | 'json';

const BY_EXTENSION: Record<string, KnowledgeFileType> = {
  txt: 'text',
  text: 'text',
  log: 'text',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  pdf: 'pdf',
  docx: 'docx',
  csv: 'csv',
  json: 'json',
};

const BY_MIME: Record<string, KnowledgeFileType> = {
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/html': 'html',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/csv': 'csv',
  'application/json': 'json',
};

/** The MIME type stored for each format. */
export const MIME_TYPES: Record<KnowledgeFileType, string> = {
  text: 'text/plain',
  markdown: 'text/markdown',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
  json: 'application/json',
};

/** Extensions accepted for upload, for messages and the file picker. */
export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.html', '.pdf', '.docx', '.csv', '.json'] as const;

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((byte, index) => bytes[index] === byte);

/**
 * The format of a file from its extension (or its MIME type when it has none), checked against its
 * first bytes: a ".pdf" that is a zip, or a ".txt" that is a PNG, is refused with the reason.
 */
export function detectFileType(
  name: string,
  mimeType: string | undefined,
  head: Uint8Array,
): KnowledgeFileType {
  const extension = name.includes('.') ? (name.toLowerCase().split('.').pop() ?? '') : '';
  const declared =
    BY_EXTENSION[extension] ?? (extension ? undefined : BY_MIME[mimeType?.split(';')[0]?.trim() ?? '']);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    // OLE compound files: legacy .doc, or an Office document protected with a password.
    throw new KnowledgeFileError(
      extension === 'docx' ? 'encrypted' : 'unsupported_type',
      extension === 'docx'
        ? 'The Word document is password-protected (encrypted); remove the password and upload it again.'
        : 'Legacy Office files (.doc, .xls) are not supported; save the document as .docx or PDF.',
    );
  }
  if (!declared) {
    throw new KnowledgeFileError(
      'unsupported_type',
      `Unsupported file type${extension ? ` ".${extension}"` : ''}. Upload ${SUPPORTED_EXTENSIONS.join(', ')}.`,
    );
  }
  if (declared === 'pdf' && head.length > 0 && !startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
    throw new KnowledgeFileError('corrupt', 'The file is not a valid PDF (it does not start with "%PDF").');
  }
  if (declared === 'docx' && head.length > 0 && !startsWith(head, [0x50, 0x4b])) {
    throw new KnowledgeFileError(
      'corrupt',
      'The file is not a valid DOCX document (it is not a zip archive).',
    );
  }
  return declared;
}
