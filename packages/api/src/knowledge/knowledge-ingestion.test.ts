import { knowledgeChunks, knowledgeDocuments, workspaces } from '@agentry/db';
import type { DatabaseHandle } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { IngestionQueue, ingestionQueue } from './ingestion-queue';
import { ABANDONED_AFTER_MS, processDocument } from './process-document';
import {
  createKnowledgeBase,
  deleteKnowledgeBase,
  knowledgeBaseDetail,
  listKnowledgeBases,
} from './knowledge-bases';
import {
  addDocuments,
  addText,
  documentChunks,
  listDocuments,
  removeDocument,
  reprocessDocument,
} from './knowledge-documents';
import { createKnowledgeRetriever, searchKnowledgeBase } from './search-knowledge';
import { fixtureFile, ownerRuntime } from './test-helpers';
import { handleKnowledgeUpload } from '../http/knowledge-upload';

const FIXTURES = [
  'handbook.md',
  'office.txt',
  'opening-hours.html',
  'warranty.pdf',
  'onboarding.docx',
  'products.csv',
  'faq.json',
  'encrypted.pdf',
  'corrupt.pdf',
  'corrupt.docx',
  'empty.txt',
];

/** Known questions and where their answer is. */
const QUESTIONS: [string, string, string][] = [
  ['How long do parcels take to arrive?', 'handbook.md', 'Customer handbook › Shipping'],
  ['What is the office cat called?', 'office.txt', ''],
  ['When does the Lisbon office open?', 'opening-hours.html', 'Opening hours'],
  ['How long is the warranty on the kettle heating element?', 'warranty.pdf', 'Warranty'],
  ['Who is paired with a mentor?', 'onboarding.docx', 'Onboarding › Mentors'],
  ['What is the price of the Aurora X2 kettle?', 'products.csv', ''],
  ['Do you ship to Iceland?', 'faq.json', ''],
];

/** When a process that died last touched its document: past ABANDONED_AFTER_MS, so others may take it. */
const longAgo = () => new Date(Date.now() - ABANDONED_AFTER_MS - 60_000);

for (const backend of testBackends()) {
  describe(`knowledge ingestion and full-text retrieval on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let sessionToken: string;
    let knowledgeBaseId: string;

    beforeAll(async () => {
      database = await backend.open();
      ({ runtime, actor, sessionToken } = await ownerRuntime(database));
      knowledgeBaseId = (await createKnowledgeBase(runtime, actor, { name: 'Company docs' })).id;
    });
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await database.close();
    });

    it('ingests every file type; bad files fail alone with their reason while the batch goes on', async () => {
      const result = await addDocuments(runtime, actor, knowledgeBaseId, [
        ...FIXTURES.map(fixtureFile),
        { name: 'photo.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2]) },
        fixtureFile('handbook.md'),
      ]);
      // What can be told from the first bytes is refused at once; the rest fails while processing.
      expect(result.refused).toEqual([
        {
          name: 'corrupt.docx',
          code: 'corrupt',
          reason: 'The file is not a valid DOCX document (it is not a zip archive).',
        },
        { name: 'empty.txt', code: 'empty', reason: 'The file is empty.' },
        {
          name: 'photo.png',
          code: 'unsupported_type',
          reason: expect.stringContaining('Unsupported file type ".png"'),
        },
        {
          name: 'handbook.md',
          code: 'duplicate',
          reason: 'The same file is already here as "handbook.md".',
        },
      ]);
      expect(result.documents.map((document) => document.status)).toEqual(new Array(9).fill('queued'));
      await ingestionQueue(runtime).idle();

      const documents = await listDocuments(runtime, actor, knowledgeBaseId);
      const byName = Object.fromEntries(documents.map((document) => [document.name, document]));
      for (const name of [
        'handbook.md',
        'office.txt',
        'opening-hours.html',
        'warranty.pdf',
        'onboarding.docx',
        'products.csv',
        'faq.json',
      ]) {
        expect(byName[name], name).toMatchObject({ status: 'ready', progress: 100, error: null });
        expect(byName[name]!.chunkCount, name).toBeGreaterThan(0);
      }
      expect(byName['encrypted.pdf']).toMatchObject({
        status: 'failed',
        chunkCount: 0,
        error: expect.stringContaining('password-protected'),
      });
      expect(byName['corrupt.pdf']).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('damaged'),
      });

      const detail = await knowledgeBaseDetail(runtime, actor, knowledgeBaseId);
      expect(detail.totals).toMatchObject({ documents: 9, ready: 7, failed: 2, pending: 0, progress: 100 });
      expect(detail.search.mode).toBe('full-text');
    });

    it('retrieves the chunk that answers each known question, ranked first', async () => {
      for (const [question, documentName, heading] of QUESTIONS) {
        const result = await searchKnowledgeBase(runtime, actor.workspaceId, {
          knowledgeBaseId,
          query: question,
          topK: 3,
        });
        expect(result.mode).toBe('full-text');
        expect(result.hits[0], question).toMatchObject({ documentName, heading });
        expect(result.hits[0]!.score).toBeGreaterThan(0);
      }
      const none = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId,
        query: 'the of and',
        topK: 3,
      });
      expect(none.hits).toEqual([]);
    });

    it('previews chunks, re-processes, and deleting a document removes its chunks', async () => {
      const [handbook] = (await listDocuments(runtime, actor, knowledgeBaseId)).filter(
        (d) => d.name === 'handbook.md',
      );
      const preview = await documentChunks(runtime, actor, handbook!.id);
      expect(preview.total).toBe(handbook!.chunkCount);
      expect(preview.chunks.map((chunk) => chunk.heading)).toContain('Customer handbook › Refunds');

      await reprocessDocument(runtime, actor, handbook!.id);
      await ingestionQueue(runtime).idle();
      expect((await documentChunks(runtime, actor, handbook!.id)).total).toBe(handbook!.chunkCount);

      await removeDocument(runtime, actor, handbook!.id);
      const left = await runtime.db
        .select()
        .from(knowledgeChunks)
        .where(eq(knowledgeChunks.documentId, handbook!.id));
      expect(left).toEqual([]);
      const result = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId,
        query: 'parcels arrive',
        topK: 3,
      });
      expect(result.hits.map((hit) => hit.documentName)).not.toContain('handbook.md');
    });

    it('takes pasted text, and refuses writes to viewers', async () => {
      const pasted = await addText(runtime, actor, {
        id: knowledgeBaseId,
        name: 'Parking',
        text: '# Parking\n\nVisitors park on level -2, bay 14.',
      });
      expect(pasted.name).toBe('Parking.md');
      await ingestionQueue(runtime).idle();
      const result = await searchKnowledgeBase(runtime, actor.workspaceId, {
        knowledgeBaseId,
        query: 'Where do visitors park?',
        topK: 1,
      });
      expect(result.hits[0]).toMatchObject({ documentName: 'Parking.md', heading: 'Parking' });
      const viewer = { ...actor, role: 'viewer' as const };
      await expect(addText(runtime, viewer, { id: knowledgeBaseId, text: 'x' })).rejects.toThrow(
        'needs the editor role',
      );
    });

    it('resumes documents left queued or processing by a previous process', async () => {
      const { documents } = await addDocuments(
        runtime,
        actor,
        knowledgeBaseId,
        [{ name: 'restart.md', bytes: new TextEncoder().encode('The server restarted during ingestion.') }],
        { queue: false },
      );
      await runtime.db
        .update(knowledgeDocuments)
        .set({ status: 'processing', progress: 40, updatedAt: longAgo() })
        .where(eq(knowledgeDocuments.id, documents[0]!.id));
      // A job stopped by its caller (shutdown) leaves the document queued, not failed.
      const stopped = await processDocument(runtime, documents[0]!.id, undefined, {
        signal: AbortSignal.abort(),
      });
      expect(stopped.status).toBe('cancelled');
      const [requeued] = await runtime.db
        .select()
        .from(knowledgeDocuments)
        .where(eq(knowledgeDocuments.id, documents[0]!.id));
      expect(requeued).toMatchObject({ status: 'queued', error: null, chunkCount: 0 });
      await runtime.db
        .update(knowledgeDocuments)
        .set({ status: 'processing', progress: 40, updatedAt: longAgo() })
        .where(eq(knowledgeDocuments.id, documents[0]!.id));
      const fresh = new IngestionQueue(runtime);
      expect(await fresh.resume()).toBe(1);
      await fresh.idle();
      const [row] = await runtime.db
        .select()
        .from(knowledgeDocuments)
        .where(eq(knowledgeDocuments.id, documents[0]!.id));
      expect(row).toMatchObject({ status: 'ready', progress: 100 });
    });

    it('uploads multipart files with the session cookie; an oversized file is refused naming the limit', async () => {
      const form = new FormData();
      // handbook.md was removed above, so the same bytes are no duplicate.
      form.append(
        'file',
        new Blob([fixtureFile('handbook.md').bytes as Uint8Array<ArrayBuffer>]),
        'manual.md',
      );
      form.append('file', new Blob([new Uint8Array(25 * 1024 * 1024 + 1)]), 'huge.txt');
      form.append('file', new Blob(['not really']), 'virus.exe');
      const request = new Request(`http://localhost/api/knowledge/${knowledgeBaseId}/documents`, {
        method: 'POST',
        headers: { cookie: `agentry_session=${sessionToken}` },
        body: form,
      });
      const response = await handleKnowledgeUpload(runtime, request, knowledgeBaseId);
      expect(response.status).toBe(201);
      const body = (await response.json()) as {
        documents: { name: string }[];
        refused: { name: string; reason: string }[];
      };
      expect(body.documents.map((document) => document.name)).toEqual(['manual.md']);
      expect(body.refused).toEqual([
        { name: 'huge.txt', code: 'too_large', reason: 'The file is larger than the 25 MB limit per file.' },
        {
          name: 'virus.exe',
          code: 'unsupported_type',
          reason: expect.stringContaining('Unsupported file type ".exe"'),
        },
      ]);

      const onlyHuge = new FormData();
      onlyHuge.append('file', new Blob([new Uint8Array(25 * 1024 * 1024 + 10)]), 'huge.pdf');
      const refused = await handleKnowledgeUpload(
        runtime,
        new Request('http://localhost/x', {
          method: 'POST',
          headers: { cookie: `agentry_session=${sessionToken}` },
          body: onlyHuge,
        }),
        knowledgeBaseId,
      );
      expect(refused.status).toBe(413);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
        '25 MB limit',
      );

      const anonymous = await handleKnowledgeUpload(
        runtime,
        new Request('http://localhost/x', { method: 'POST', body: form }),
        knowledgeBaseId,
      );
      expect(anonymous.status).toBe(401);
      await ingestionQueue(runtime).idle();
    });

    it('another workspace can neither see, search, change nor upload to this knowledge base', async () => {
      const [other] = await runtime.db.insert(workspaces).values({ name: 'Other' }).returning();
      const stranger: Actor = { ...actor, workspaceId: other!.id };
      expect(await listKnowledgeBases(runtime, stranger)).toEqual([]);
      await expect(listDocuments(runtime, stranger, knowledgeBaseId)).rejects.toThrow('No knowledge base');
      await expect(
        searchKnowledgeBase(runtime, stranger.workspaceId, { knowledgeBaseId, query: 'parcels', topK: 3 }),
      ).rejects.toThrow('No knowledge base');
      // A Knowledge node run in the other workspace gets the same refusal through its retriever.
      await expect(
        createKnowledgeRetriever(runtime, stranger.workspaceId).search({
          knowledgeBaseId,
          query: 'parcels',
          topK: 3,
        }),
      ).rejects.toThrow('No knowledge base');
      await expect(addText(runtime, stranger, { id: knowledgeBaseId, text: 'intrusion' })).rejects.toThrow(
        'No knowledge base',
      );
      const [document] = await listDocuments(runtime, actor, knowledgeBaseId);
      await expect(removeDocument(runtime, stranger, document!.id)).rejects.toThrow('No such document');
      await expect(deleteKnowledgeBase(runtime, stranger, knowledgeBaseId)).rejects.toThrow(
        'No such knowledge base',
      );
    });

    it('deleting a knowledge base removes its documents and chunks', async () => {
      await deleteKnowledgeBase(runtime, actor, knowledgeBaseId);
      const chunks = await runtime.db
        .select()
        .from(knowledgeChunks)
        .where(eq(knowledgeChunks.knowledgeBaseId, knowledgeBaseId));
      expect(chunks).toEqual([]);
      await expect(listDocuments(runtime, actor, knowledgeBaseId)).rejects.toThrow('No knowledge base');
    });
  });
}
