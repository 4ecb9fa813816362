/** Largest file accepted for a knowledge base (25 MB); the refusal names it. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
/** Most files in one upload request. */
export const MAX_FILES_PER_UPLOAD = 20;
/** Longest pasted text, in characters. */
export const MAX_PASTED_CHARS = 2_000_000;
/** Chunks written per insert while a document is processed (bounds memory and lock time). */
export const CHUNK_BATCH = 32;
/** Texts per embedding request. */
export const EMBEDDING_BATCH = 64;
/** Longest a single document may take to process before it fails. */
export const PROCESS_TIMEOUT_MS = 10 * 60_000;

/** "25 MB" for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
