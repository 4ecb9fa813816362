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

/** Most bytes one upload request may carry (all its files and multipart framing); past it, 413. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** Most a zip-based document (DOCX) may unpack to, from its central directory, before it is parsed. */
export const MAX_UNPACKED_BYTES = 50 * 1024 * 1024;
/** Most entries a zip-based document may hold (a Word file has tens; thousands is an attack). */
export const MAX_ZIP_ENTRIES = 5_000;
/** Highest compression ratio of one large entry: XML compresses about 10:1, bombs past 1000:1. */
export const MAX_COMPRESSION_RATIO = 100;
/** Heap of the thread that reads one document; past it the thread dies, not the server. */
export const EXTRACTION_HEAP_MB = 256;
/** Heap plus buffers (unzipped data lives outside the heap) of that thread, watched while it works. */
export const EXTRACTION_TOTAL_MEMORY_MB = 512;
/** Longest the reading thread may work on one step (the first step parses the whole DOCX). */
export const EXTRACTION_STEP_TIMEOUT_MS = 2 * 60_000;
/** Times processing of a document may start without finishing before it is marked failed. */
export const MAX_PROCESSING_ATTEMPTS = 3;

/** "25 MB" for messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
