export { createDatabaseKnowledge } from './database-knowledge';
export {
  type EmbeddingSettings,
  embeddingModelName,
  embeddingSettingsSchema,
  embedTexts,
  readEmbeddingSettings,
} from './embedding-settings';
export { extractDocumentBlocks } from './extract/extract-document';
export { createThreadExtractor, type ThreadExtractorOptions } from './extract/extract-in-thread';
export { checkZipArchive, type ZipLimits, type ZipSummary } from './extract/zip-limits';
export {
  detectFileType,
  type KnowledgeFileType,
  MIME_TYPES,
  SUPPORTED_EXTENSIONS,
} from './extract/file-types';
export { fullTextSearch, toOrQuery } from './full-text-search';
export { IngestionQueue, type IngestionQueueOptions, ingestionQueue } from './ingestion-queue';
export * from './knowledge-bases';
export * from './knowledge-documents';
export { KnowledgeFileError, type KnowledgeFileErrorCode } from './knowledge-errors';
export * from './limits';
export {
  interruptedReason,
  type ProcessOptions,
  type ProcessOutcome,
  processDocument,
} from './process-document';
export { type StorageUsage, storageQuotaBytes, storageUsage } from './storage-quota';
export { type FusedChunk, fuseRankings } from './rank-fusion';
export * from './search-knowledge';
export { type RankedChunk, type VectorStatus, vectorStatus } from './vector-store';
export { createQaAgent, knowledgeQaGraph } from './qa-agent';
