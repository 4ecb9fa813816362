/** Why a file cannot become knowledge; each code has a message a person can act on. */
export type KnowledgeFileErrorCode =
  | 'unsupported_type'
  | 'empty'
  | 'encrypted'
  | 'corrupt'
  | 'no_text'
  | 'too_large'
  | 'duplicate'
  | 'over_quota'
  | 'reader_stopped';

/** A document that fails alone: the rest of its batch goes on. */
export class KnowledgeFileError extends Error {
  constructor(
    readonly code: KnowledgeFileErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'KnowledgeFileError';
  }
}
