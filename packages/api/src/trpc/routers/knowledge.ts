import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { embeddingSettingsSchema } from '../../knowledge/embedding-settings';
import {
  createKnowledgeBase,
  createKnowledgeBaseInput,
  deleteKnowledgeBase,
  knowledgeBaseDetail,
  listKnowledgeBases,
  renameKnowledgeBase,
  setKnowledgeBaseEmbedding,
} from '../../knowledge/knowledge-bases';
import {
  addText,
  addTextInput,
  documentChunks,
  listDocuments,
  removeDocument,
  reprocessDocument,
} from '../../knowledge/knowledge-documents';
import { formatBytes, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD, MAX_PASTED_CHARS } from '../../knowledge/limits';
import { SUPPORTED_EXTENSIONS } from '../../knowledge/extract/file-types';
import { ingestionQueue } from '../../knowledge/ingestion-queue';
import { createQaAgent } from '../../knowledge/qa-agent';
import { searchKnowledgeBase, searchKnowledgeInput } from '../../knowledge/search-knowledge';
import { vectorStatus } from '../../knowledge/vector-store';
import { protectedProcedure, roleProcedure } from '../init';

const idInput = z.object({ id: z.string().min(1).max(100) });

/** Knowledge bases: CRUD, documents (pasted here, uploaded over HTTP), chunk preview, search, Q&A agents. */
export const knowledgeRouter = {
  /** Limits and what this server can do, for the page (upload limits, why vectors are off). */
  capabilities: protectedProcedure.query(({ ctx }) => {
    // The first knowledge request after a start resumes documents a previous process left unfinished.
    ingestionQueue(ctx.runtime);
    return {
      vectors: vectorStatus(ctx.runtime),
      maxFileBytes: MAX_FILE_BYTES,
      maxFileSize: formatBytes(MAX_FILE_BYTES),
      maxFilesPerUpload: MAX_FILES_PER_UPLOAD,
      maxPastedChars: MAX_PASTED_CHARS,
      extensions: [...SUPPORTED_EXTENSIONS],
    };
  }),
  list: protectedProcedure.query(({ ctx }) => {
    ingestionQueue(ctx.runtime);
    return listKnowledgeBases(ctx.runtime, ctx.actor);
  }),
  get: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => knowledgeBaseDetail(ctx.runtime, ctx.actor, input.id)),
  create: roleProcedure('editor')
    .input(createKnowledgeBaseInput)
    .mutation(({ ctx, input }) => createKnowledgeBase(ctx.runtime, ctx.actor, input)),
  rename: roleProcedure('editor')
    .input(idInput.extend(createKnowledgeBaseInput.shape))
    .mutation(({ ctx, input }) => renameKnowledgeBase(ctx.runtime, ctx.actor, input.id, input)),
  delete: roleProcedure('editor')
    .input(idInput)
    .mutation(({ ctx, input }) => deleteKnowledgeBase(ctx.runtime, ctx.actor, input.id)),
  setEmbedding: roleProcedure('editor')
    .input(idInput.extend({ embedding: embeddingSettingsSchema.nullable() }))
    .mutation(({ ctx, input }) =>
      setKnowledgeBaseEmbedding(ctx.runtime, ctx.actor, input.id, input.embedding),
    ),
  documents: protectedProcedure
    .input(idInput)
    .query(({ ctx, input }) => listDocuments(ctx.runtime, ctx.actor, input.id)),
  addText: roleProcedure('editor')
    .input(addTextInput)
    .mutation(({ ctx, input }) => addText(ctx.runtime, ctx.actor, input)),
  chunks: protectedProcedure
    .input(
      z.object({
        documentId: z.string().min(1).max(100),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(({ ctx, input }) => documentChunks(ctx.runtime, ctx.actor, input.documentId, input)),
  reprocess: roleProcedure('editor')
    .input(z.object({ documentId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => reprocessDocument(ctx.runtime, ctx.actor, input.documentId)),
  removeDocument: roleProcedure('editor')
    .input(z.object({ documentId: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => removeDocument(ctx.runtime, ctx.actor, input.documentId)),
  search: protectedProcedure.input(searchKnowledgeInput).mutation(({ ctx, input }) =>
    searchKnowledgeBase(ctx.runtime, ctx.actor.workspaceId, {
      knowledgeBaseId: input.id,
      query: input.query,
      topK: input.topK,
    }),
  ),
  createQaAgent: roleProcedure('editor')
    .input(idInput.extend({ name: z.string().trim().min(1).max(120).optional() }))
    .mutation(({ ctx, input }) =>
      createQaAgent(ctx.runtime, ctx.actor, { knowledgeBaseId: input.id, name: input.name }),
    ),
} satisfies TRPCRouterRecord;
