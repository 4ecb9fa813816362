import type { KnowledgeStore, TrainedDocument } from '@agentry/engine';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { addDocuments } from './knowledge-documents';
import { processDocument } from './process-document';
import { createKnowledgeRetriever } from './search-knowledge';

/**
 * The server's knowledge bases as an engine `KnowledgeStore`: `ingest` adds the documents and processes
 * them right away (not through the background queue, so the caller — `agentry train`, or
 * `Agent.train()` in a script — sees the outcome), `search` is the same hybrid search runs use.
 */
export function createDatabaseKnowledge(runtime: Runtime, actor: Actor): KnowledgeStore {
  return {
    ...createKnowledgeRetriever(runtime, actor.workspaceId),
    async ingest({ knowledgeBaseId, documents, signal, onProgress }) {
      const files = documents.map((document) => ({
        name: document.name,
        bytes:
          typeof document.content === 'string'
            ? new TextEncoder().encode(document.content)
            : document.content,
        mimeType: document.mimeType,
      }));
      const results: TrainedDocument[] = [];
      for (const [index, file] of files.entries()) {
        // One by one, so a refusal is reported in order and each file fails alone.
        const { documents: added, refused } = await addDocuments(runtime, actor, knowledgeBaseId, [file], {
          queue: false,
        });
        const document = added[0];
        if (!document) {
          const reason = refused[0]?.reason ?? 'The file was refused.';
          results.push({
            documentId: '',
            name: files[index]!.name,
            status: 'failed',
            chunkCount: 0,
            error: reason,
          });
          continue;
        }
        onProgress?.({ name: document.name, progress: 0 });
        const outcome = await processDocument(
          runtime,
          document.id,
          (progress) => onProgress?.({ name: document.name, progress }),
          { signal },
        );
        results.push({
          documentId: document.id,
          name: document.name,
          status: outcome.status === 'ready' ? 'ready' : 'failed',
          chunkCount: outcome.chunkCount,
          error:
            outcome.status === 'cancelled'
              ? 'Cancelled; the document stays queued and the server processes it when it next starts.'
              : outcome.error,
        });
      }
      return results;
    },
  };
}
