import { type ChunkingOptions, Chunker, type TextChunk } from './chunker';
import type { KnowledgeHit, KnowledgeStore, TrainDocument, TrainedDocument } from './knowledge-types';
import { LexicalIndex } from './lexical-index';
import { markdownToBlocks, type TextBlock } from './text-blocks';

/** A document's bytes as an extractor receives them. */
export interface ExtractorInput {
  name: string;
  bytes: Uint8Array;
  mimeType?: string;
  signal?: AbortSignal;
  /** Reports how much of the file has been read (0 to 1), for progress bars; optional. */
  onProgress?: (fraction: number) => void;
}

/**
 * Turns a file into blocks (headings and paragraphs), as a stream so large files are read piece by
 * piece. Throws an error whose message says why the file cannot be read (encrypted, corrupt, ...).
 */
export type DocumentExtractor = (input: ExtractorInput) => AsyncIterable<TextBlock>;

const TEXT_EXTENSIONS = new Set(['txt', 'text', 'md', 'markdown', 'csv', 'json', 'log']);

/**
 * The extractor used when none is given: plain text and markdown (CSV and JSON are read as text).
 * PDF, DOCX and HTML need the full extractor of `@agentry/api` (`extractDocumentBlocks`).
 */
export const extractPlainText: DocumentExtractor = async function* ({ name, bytes }) {
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (name.includes('.') && !TEXT_EXTENSIONS.has(extension)) {
    throw new Error(
      `".${extension}" files need a document extractor: pass \`extract: extractDocumentBlocks\` from @agentry/api.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('The file is not UTF-8 text.');
  }
  yield* markdownToBlocks(text);
};

/** Options of createMemoryKnowledge. */
export interface MemoryKnowledgeOptions {
  extract?: DocumentExtractor;
  chunking?: ChunkingOptions;
}

interface StoredChunk extends TextChunk {
  chunkId: string;
  documentId: string;
  documentName: string;
}

/**
 * Knowledge bases kept in memory with BM25 search: what `Agent.train()` uses by default. Documents go
 * through the same extract → chunk steps as the server's ingestion; each fails alone with its reason.
 */
export function createMemoryKnowledge(options: MemoryKnowledgeOptions = {}): KnowledgeStore & {
  /** The chunks of one knowledge base, in document order (for inspection and tests). */
  chunks(knowledgeBaseId: string): readonly StoredChunk[];
} {
  const extract = options.extract ?? extractPlainText;
  const bases = new Map<string, { index: LexicalIndex<StoredChunk>; chunks: StoredChunk[] }>();
  const baseOf = (id: string) => {
    let base = bases.get(id);
    if (!base) {
      base = { index: new LexicalIndex(), chunks: [] };
      bases.set(id, base);
    }
    return base;
  };

  async function ingestOne(
    knowledgeBaseId: string,
    document: TrainDocument,
    signal: AbortSignal | undefined,
  ): Promise<TrainedDocument> {
    const documentId = crypto.randomUUID();
    try {
      const bytes =
        typeof document.content === 'string' ? new TextEncoder().encode(document.content) : document.content;
      if (bytes.byteLength === 0) throw new Error('The file is empty.');
      const chunker = new Chunker(options.chunking);
      const chunks: TextChunk[] = [];
      const blocks =
        typeof document.content === 'string' && !/\.(pdf|docx|html?)$/i.test(document.name)
          ? markdownToBlocks(document.content)
          : extract({ name: document.name, bytes, mimeType: document.mimeType, signal });
      for await (const block of blocks) {
        signal?.throwIfAborted();
        chunks.push(...chunker.push(block));
      }
      chunks.push(...chunker.finish());
      if (chunks.length === 0) throw new Error('No text could be found in the document.');
      const base = baseOf(knowledgeBaseId);
      for (const chunk of chunks) {
        const stored: StoredChunk = {
          ...chunk,
          chunkId: `${documentId}:${chunk.ordinal}`,
          documentId,
          documentName: document.name,
        };
        base.chunks.push(stored);
        base.index.add(stored.chunkId, `${chunk.heading}\n${chunk.content}`, stored);
      }
      return { documentId, name: document.name, status: 'ready', chunkCount: chunks.length };
    } catch (error) {
      if (signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { documentId, name: document.name, status: 'failed', chunkCount: 0, error: message };
    }
  }

  return {
    async ingest({ knowledgeBaseId, documents, signal, onProgress }) {
      const results: TrainedDocument[] = [];
      for (const document of documents) {
        onProgress?.({ name: document.name, progress: 0 });
        results.push(await ingestOne(knowledgeBaseId, document, signal));
        onProgress?.({ name: document.name, progress: 100 });
      }
      return results;
    },
    async search({ knowledgeBaseId, query, topK }): Promise<KnowledgeHit[]> {
      const base = bases.get(knowledgeBaseId);
      if (!base) return [];
      return base.index.search(query, topK).map(({ item, score }) => ({
        chunkId: item.chunkId,
        documentId: item.documentId,
        documentName: item.documentName,
        heading: item.heading,
        content: item.content,
        score,
      }));
    },
    chunks: (knowledgeBaseId) => bases.get(knowledgeBaseId)?.chunks ?? [],
  };
}
