/** One search of a knowledge base. */
export interface KnowledgeSearchRequest {
  knowledgeBaseId: string;
  query: string;
  /** How many chunks to return at most. */
  topK: number;
  signal?: AbortSignal;
}

/** A retrieved chunk, best first; `score` is only comparable within one answer. */
export interface KnowledgeHit {
  chunkId: string;
  documentId: string;
  documentName: string;
  /** The section the chunk sits in ("Guide › Refunds"), empty when the document has no headings. */
  heading: string;
  content: string;
  score: number;
}

/** Searches knowledge bases for the Knowledge node (the database in the app, memory in the Agent API). */
export interface KnowledgeRetriever {
  search(request: KnowledgeSearchRequest): Promise<KnowledgeHit[]>;
}

/** A document handed to `Agent.train()` or an ingestor: text, or the bytes of a file. */
export interface TrainDocument {
  /** File name; its extension picks the parser when `mimeType` is absent ("guide.md", "report.pdf"). */
  name: string;
  content: string | Uint8Array;
  mimeType?: string;
}

/** What became of one document of a batch: each fails alone with its reason. */
export interface TrainedDocument {
  documentId: string;
  name: string;
  status: 'ready' | 'failed';
  chunkCount: number;
  error?: string;
}

/** Progress of one document while it is ingested (0 to 100). */
export interface IngestProgress {
  name: string;
  progress: number;
}

/** Adds documents to a knowledge base: extraction, chunking and indexing. */
export interface KnowledgeIngestor {
  ingest(request: {
    knowledgeBaseId: string;
    documents: readonly TrainDocument[];
    signal?: AbortSignal;
    onProgress?: (progress: IngestProgress) => void;
  }): Promise<TrainedDocument[]>;
}

/** A knowledge store that can both learn documents and be searched (what `Agent.train()` needs). */
export interface KnowledgeStore extends KnowledgeRetriever, KnowledgeIngestor {}
