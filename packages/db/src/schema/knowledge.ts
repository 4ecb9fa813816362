import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { workspaces } from './auth';
import { bytea, createdAt, id, updatedAt } from './columns';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A knowledge base: documents an agent retrieves from. */
export const knowledgeBases = pgTable(
  'knowledge_bases',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Embedding settings `{ provider, model, credentialId? }`; null means full-text search only. */
    embedding: jsonb('embedding'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('knowledge_bases_workspace_idx').on(table.workspaceId)],
);

/** A document in a knowledge base and where its ingestion stands. */
export const knowledgeDocuments = pgTable(
  'knowledge_documents',
  {
    id: id(),
    knowledgeBaseId: text('knowledge_base_id')
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** queued | processing | ready | failed */
    status: text('status').notNull().default('queued'),
    error: text('error'),
    /** 0 to 100 while processing. */
    progress: integer('progress').notNull().default(0),
    chunkCount: integer('chunk_count').notNull().default(0),
    /** Times processing started; a document whose processing died this often is failed, not retried. */
    attempts: integer('attempts').notNull().default(0),
    contentHash: text('content_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('knowledge_documents_kb_idx').on(table.knowledgeBaseId),
    index('knowledge_documents_workspace_idx').on(table.workspaceId),
  ],
);

/** The uploaded bytes of a document, kept so it can be re-processed. */
export const knowledgeFiles = pgTable('knowledge_files', {
  documentId: text('document_id')
    .primaryKey()
    .references(() => knowledgeDocuments.id, { onDelete: 'cascade' }),
  data: bytea('data').notNull(),
});

/** A retrievable piece of a document, indexed for full-text search. */
export const knowledgeChunks = pgTable(
  'knowledge_chunks',
  {
    id: id(),
    documentId: text('document_id')
      .notNull()
      .references(() => knowledgeDocuments.id, { onDelete: 'cascade' }),
    knowledgeBaseId: text('knowledge_base_id')
      .notNull()
      .references(() => knowledgeBases.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    heading: text('heading').notNull().default(''),
    content: text('content').notNull(),
    tokenCount: integer('token_count').notNull(),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector('english', coalesce(heading, '') || ' ' || content)`),
    createdAt: createdAt(),
  },
  (table) => [
    index('knowledge_chunks_document_idx').on(table.documentId, table.ordinal),
    index('knowledge_chunks_kb_idx').on(table.knowledgeBaseId),
    index('knowledge_chunks_search_idx').using('gin', table.searchVector),
  ],
);
