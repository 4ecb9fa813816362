export { Chunker, type ChunkingOptions, chunkBlocks, DEFAULT_CHUNKING, type TextChunk } from './chunker';
export {
  excerptOf,
  formatSources,
  type KnowledgeSource,
  toDocuments,
  toSources,
} from './format-sources';
export type {
  IngestProgress,
  KnowledgeHit,
  KnowledgeIngestor,
  KnowledgeRetriever,
  KnowledgeSearchRequest,
  KnowledgeStore,
  TrainDocument,
  TrainedDocument,
} from './knowledge-types';
export { LexicalIndex, searchTerms } from './lexical-index';
export {
  createMemoryKnowledge,
  type DocumentExtractor,
  type ExtractorInput,
  extractPlainText,
  type MemoryKnowledgeOptions,
} from './memory-knowledge';
export { markdownBlocks, markdownToBlocks, type TextBlock } from './text-blocks';
export { approximateTokens } from './token-count';
