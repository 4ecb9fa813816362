import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { Agent, type EngineEvent } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { createCredential } from '../services/credentials';
import { startRun } from '../services/runs';
import { startFakeEmbeddingServer } from './__fixtures__/fake-embedding-server';
import { createDatabaseKnowledge } from './database-knowledge';
import { extractDocumentBlocks } from './extract/extract-document';
import { ingestionQueue } from './ingestion-queue';
import { createKnowledgeBase, knowledgeBaseDetail, setKnowledgeBaseEmbedding } from './knowledge-bases';
import { addDocuments, documentChunks, listDocuments, removeDocument } from './knowledge-documents';
import { createQaAgent } from './qa-agent';
import { searchKnowledgeBase } from './search-knowledge';
import { fixtureFile, ownerRuntime } from './test-helpers';
import { countEmbeddings } from './vector-store';
import { createMemoryKnowledge } from '@agentry/engine';

for (const backend of testBackends()) {
  describe(`hybrid retrieval, Q&A runs and Agent.train on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let server: Awaited<ReturnType<typeof startFakeEmbeddingServer>>;

    beforeAll(async () => {
      database = await backend.open();
      // The fake embedding server listens on loopback: the admin allows that host.
      ({ runtime, actor } = await ownerRuntime(database, { AGENTRY_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }));
      server = await startFakeEmbeddingServer();
    });
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await server.close();
      await database.close();
    });

    it('embeds chunks through an OpenAI-compatible server and fuses vector and full-text rankings', async () => {
      const base = await createKnowledgeBase(runtime, actor, { name: 'Hybrid' });
      const credential = await createCredential(runtime, actor, {
        name: 'Fake embeddings',
        provider: 'openai',
        apiKey: 'sk-test-embeddings',
        baseUrl: server.url,
      });
      const settings = {
        provider: 'openai' as const,
        model: 'text-embedding-3-small',
        credentialId: credential.id,
      };
      if (!runtime.database.capabilities.vector) {
        // A PostgreSQL without pgvector: vectors are refused with the reason, full-text search still works.
        await expect(setKnowledgeBaseEmbedding(runtime, actor, base.id, settings)).rejects.toThrow(
          'Vector search is off',
        );
        const detail = await knowledgeBaseDetail(runtime, actor, base.id);
        expect(detail.search).toMatchObject({
          mode: 'full-text',
          reason: expect.stringContaining('Vectors are off'),
        });
        await addDocuments(runtime, actor, base.id, [fixtureFile('handbook.md')]);
        await ingestionQueue(runtime).idle();
        const result = await searchKnowledgeBase(runtime, actor.workspaceId, {
          knowledgeBaseId: base.id,
          query: 'refund within days',
          topK: 2,
        });
        expect(result).toMatchObject({ mode: 'full-text', note: expect.stringContaining('vector') });
        expect(result.hits[0]?.heading).toBe('Customer handbook › Refunds');
        return;
      }
      await setKnowledgeBaseEmbedding(runtime, actor, base.id, settings);
      await addDocuments(runtime, actor, base.id, [fixtureFile('handbook.md'), fixtureFile('office.txt')]);
      await ingestionQueue(runtime).idle();
      const documents = await listDocuments(runtime, actor, base.id);
      expect(documents.map((document) => document.status)).toEqual(['ready', 'ready']);
      const chunkTotal = documents.reduce((sum, document) => sum + document.chunkCount, 0);
      expect(await countEmbeddings(runtime, base.id)).toBe(chunkTotal);
      expect(server.requests[0]).toMatchObject({
        authorization: 'Bearer sk-test-embeddings',
        model: 'text-embedding-3-small',
      });

      // "reimbursement" shares no word with the refunds section: full-text alone finds nothing,
      // the (fake) semantic model maps it onto "refund".
      const hybrid = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId: base.id,
        query: 'Can I get a reimbursement?',
        topK: 3,
      });
      expect(hybrid.mode).toBe('hybrid');
      expect(hybrid.hits[0]).toMatchObject({ heading: 'Customer handbook › Refunds', vectorRank: 1 });
      expect(hybrid.hits[0]?.fullTextRank).toBeUndefined();
      // A question both rankings answer puts the chunk first in each.
      const both = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId: base.id,
        query: 'office cat name',
        topK: 3,
      });
      expect(both.hits[0]).toMatchObject({ documentName: 'office.txt', fullTextRank: 1, vectorRank: 1 });

      // The provider is down: the search still answers, from full-text, and says why.
      server.setFailing(true);
      const degraded = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId: base.id,
        query: 'office cat name',
        topK: 3,
      });
      server.setFailing(false);
      expect(degraded).toMatchObject({
        mode: 'full-text',
        note: expect.stringContaining('Vector search was skipped'),
      });
      expect(degraded.hits[0]?.documentName).toBe('office.txt');

      // Deleting a document removes its vectors with its chunks.
      const office = documents.find((document) => document.name === 'office.txt')!;
      await removeDocument(runtime, actor, office.id);
      expect(await countEmbeddings(runtime, base.id)).toBe(chunkTotal - office.chunkCount);
    });

    it('the Knowledge-base Q&A template answers a question about an uploaded document and cites it', async () => {
      const base = await createKnowledgeBase(runtime, actor, { name: 'Warranty docs' });
      await addDocuments(runtime, actor, base.id, [fixtureFile('warranty.pdf')]);
      await ingestionQueue(runtime).idle();
      const agent = await createQaAgent(runtime, actor, { knowledgeBaseId: base.id });
      const run = await startRun(runtime, {
        workspaceId: actor.workspaceId,
        agentId: agent.id,
        graph: agent.draftGraph,
        source: 'preview',
        message: 'How long is the warranty on the kettle?',
      });
      const events: EngineEvent[] = [];
      for await (const event of run.events) events.push(event);
      const result = events.find((event) => event.type === 'tool-result');
      expect(result).toMatchObject({ toolName: 'search_knowledge', isError: false });
      const end = events.at(-1);
      expect(end?.type).toBe('run-end');
      const answer = end?.type === 'run-end' ? end.answer : '';
      expect(answer).toContain('five-year warranty');
      expect(answer).toContain('[1]');
      expect(answer).toContain('- [1] warranty.pdf — Warranty');
    });

    it('Agent.train and the database store share one ingestion path', async () => {
      const base = await createKnowledgeBase(runtime, actor, { name: 'Trained' });
      const files = ['onboarding.docx', 'corrupt.pdf', 'empty.txt'].map((name) => {
        const file = fixtureFile(name);
        return { name: file.name, content: file.bytes };
      });
      const agent = new Agent({
        knowledge: createDatabaseKnowledge(runtime, actor),
        knowledgeBaseId: base.id,
      });
      const results = await agent.train(files);
      expect(results.map((result) => [result.name, result.status, result.error])).toEqual([
        ['onboarding.docx', 'ready', undefined],
        ['corrupt.pdf', 'failed', expect.stringContaining('damaged')],
        ['empty.txt', 'failed', 'The file is empty.'],
      ]);
      const answer = await agent.generateResponse('Who is paired with a mentor?');
      expect(answer).toContain('- [1] onboarding.docx — Onboarding › Mentors');

      // In memory, with the server's extractor, the same documents give the same chunks.
      const memory = createMemoryKnowledge({ extract: extractDocumentBlocks });
      const inMemory = await new Agent({ knowledge: memory, knowledgeBaseId: 'local' }).train(files);
      expect(inMemory.map((result) => [result.status, result.error])).toEqual(
        results.map((result) => [result.status, result.error]),
      );
      const stored = await documentChunks(runtime, actor, results[0]!.documentId);
      expect(memory.chunks('local').map(({ heading, content }) => ({ heading, content }))).toEqual(
        stored.chunks.map(({ heading, content }) => ({ heading, content })),
      );
    });
  });
}
