import path from 'node:path';
import type { DatabaseHandle } from '@agentry/db';
import { knowledgeDocuments, knowledgeFiles } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import type { DocumentExtractor } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { makeDocx, paragraph, repeated } from './__fixtures__/make-docx';
import { createThreadExtractor } from './extract/extract-in-thread';
import { IngestionQueue, ingestionQueue } from './ingestion-queue';
import { createKnowledgeBase } from './knowledge-bases';
import { addDocuments, listDocuments } from './knowledge-documents';
import { ABANDONED_AFTER_MS, processDocument } from './process-document';
import { ownerRuntime } from './test-helpers';
import { handleKnowledgeUpload } from '../http/knowledge-upload';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Samples the process's resident memory until stopped; returns the peak above the start. */
function watchMemory(): () => { peakRssGrowthMb: number; heapGrowthMb: number } {
  const start = process.memoryUsage();
  let peak = start.rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return {
      peakRssGrowthMb: (peak - start.rss) / 1024 / 1024,
      heapGrowthMb: (process.memoryUsage().heapUsed - start.heapUsed) / 1024 / 1024,
    };
  };
}

/** Words in a fixed pseudo-random order: text that deflates about as well as real prose. */
function* prose(paragraphs: number): Generator<string> {
  const words = ['kettle', 'warranty', 'descale', 'Lisbon', 'parcel', 'mentor', 'badge', 'copper', 'vinegar'];
  let seed = 7;
  let piece = '';
  for (let index = 0; index < paragraphs; index++) {
    const sentence: string[] = [];
    for (let word = 0; word < 12; word++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      sentence.push(`${words[seed % words.length]}${seed % 997}`);
    }
    piece += paragraph(sentence.join(' '));
    if (piece.length > 1024 * 1024) {
      yield piece;
      piece = '';
    }
  }
  yield piece;
}

/** Makes a processing document look left by a process that died ABANDONED_AFTER_MS ago. */
async function abandonIn(runtime: Runtime, id: string): Promise<void> {
  await runtime.db
    .update(knowledgeDocuments)
    .set({ updatedAt: new Date(Date.now() - ABANDONED_AFTER_MS - 60_000) })
    .where(eq(knowledgeDocuments.id, id));
}

for (const backend of testBackends()) {
  describe(`knowledge limits on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let sessionToken: string;
    let knowledgeBaseId: string;
    let bomb: Uint8Array;

    /** Stores a file the way an older server (without the upload checks) would have. */
    async function storeUnchecked(name: string, bytes: Uint8Array, mimeType = DOCX): Promise<string> {
      const [row] = await runtime.db
        .insert(knowledgeDocuments)
        .values({
          knowledgeBaseId,
          workspaceId: actor.workspaceId,
          name,
          mimeType,
          sizeBytes: bytes.byteLength,
          contentHash: `${name}-${crypto.randomUUID()}`,
        })
        .returning({ id: knowledgeDocuments.id });
      await runtime.db.insert(knowledgeFiles).values({ documentId: row!.id, data: Buffer.from(bytes) });
      return row!.id;
    }

    async function documentRow(id: string) {
      const [row] = await runtime.db.select().from(knowledgeDocuments).where(eq(knowledgeDocuments.id, id));
      return row!;
    }

    beforeAll(async () => {
      database = await backend.open();
      ({ runtime, actor, sessionToken } = await ownerRuntime(database));
      knowledgeBaseId = (await createKnowledgeBase(runtime, actor, { name: 'Limits' })).id;
      // 1.8 million one-letter paragraphs: about 58 MB of XML in a file of about 170 KB (340:1).
      bomb = await makeDocx(repeated(paragraph('a'), 1_800_000));
    }, 60_000);
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await database.close();
    });

    it('refuses a .docx bomb at upload with what it unpacks to, before any parser sees it', async () => {
      expect(bomb.byteLength).toBeLessThan(200 * 1024);
      const memory = watchMemory();
      const result = await addDocuments(runtime, actor, knowledgeBaseId, [
        { name: 'bomb.docx', bytes: bomb },
      ]);
      expect(result.documents).toEqual([]);
      expect(result.refused).toEqual([
        {
          name: 'bomb.docx',
          code: 'too_large',
          reason: 'The DOCX document unpacks to 58.4 MB, over the 50 MB limit.',
        },
      ]);

      const form = new FormData();
      form.append('file', new Blob([bomb]), 'bomb.docx');
      const response = await handleKnowledgeUpload(
        runtime,
        new Request('http://localhost/api/knowledge/x/documents', {
          method: 'POST',
          headers: { cookie: `agentry_session=${sessionToken}` },
          body: form,
        }),
        knowledgeBaseId,
      );
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'bomb.docx: The DOCX document unpacks to 58.4 MB, over the 50 MB limit.',
      );
      expect(memory().peakRssGrowthMb).toBeLessThan(150);
    });

    it('a bomb already stored (from before the check) fails when processed, and memory stays bounded', async () => {
      const id = await storeUnchecked('old-bomb.docx', bomb);
      const memory = watchMemory();
      const outcome = await processDocument(runtime, id);
      const { peakRssGrowthMb, heapGrowthMb } = memory();
      expect(outcome).toMatchObject({
        status: 'failed',
        error: 'The DOCX document unpacks to 58.4 MB, over the 50 MB limit.',
      });
      expect(await documentRow(id)).toMatchObject({ status: 'failed', attempts: 1, chunkCount: 0 });
      // Before the check, mammoth took this process to gigabytes on a file of this kind.
      expect(peakRssGrowthMb).toBeLessThan(300);
      expect(heapGrowthMb).toBeLessThan(100);
    }, 60_000);

    it('a document within the declared limits that still floods the reader kills only its thread', async () => {
      // About 9 MB of prose-like XML, compressed an honest 5:1 or so: mammoth builds a tree far larger
      // than the reading thread's heap allows (in the server's own thread it took over 2 GB).
      const heavy = await makeDocx(prose(70_000));
      expect(heavy.byteLength).toBeLessThan(25 * 1024 * 1024);
      const id = await storeUnchecked('heavy.docx', heavy);
      const memory = watchMemory();
      const outcome = await processDocument(runtime, id);
      const { heapGrowthMb } = memory();
      expect(outcome).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(
          /^Reading the document needed more than \d+ MB of memory and was stopped/,
        ),
      });
      expect(heapGrowthMb).toBeLessThan(100);
      // The server goes on: the next document is read by a fresh thread.
      const next = await storeUnchecked(
        'fine.md',
        new TextEncoder().encode('# Fine\n\nStill here.'),
        'text/markdown',
      );
      expect(await processDocument(runtime, next)).toMatchObject({ status: 'ready', chunkCount: 1 });
    }, 180_000);

    it('a reading thread that dies fails its document at once, with the reason', async () => {
      const script = path.join(import.meta.dirname, '__fixtures__', 'crashing-extraction-thread.mjs');
      const queue = new IngestionQueue(runtime, { process: { extract: createThreadExtractor({ script }) } });
      const id = await storeUnchecked(
        'crash.md',
        new TextEncoder().encode('# Crash\n\nBoom.'),
        'text/markdown',
      );
      queue.enqueue(id);
      await queue.idle();
      expect(await documentRow(id)).toMatchObject({
        status: 'failed',
        attempts: 1,
        error: 'The document reader stopped unexpectedly (the parser fell over).',
      });
      // Failed documents are not picked up by a restart.
      expect(await new IngestionQueue(runtime).resume()).toBe(0);
    }, 60_000);

    it('a document that takes the whole process down is failed after 3 starts, not re-queued at every start', async () => {
      const id = await storeUnchecked(
        'killer.md',
        new TextEncoder().encode('# Killer\n\nText.'),
        'text/markdown',
      );
      const abandon = (documentId: string) => abandonIn(runtime, documentId);
      // Reading never ends: each "process" dies mid-way (its queue is abandoned, as a crash leaves it).
      const neverEnds: DocumentExtractor = async function* () {
        await new Promise(() => {});
      };
      for (let start = 1; start <= 3; start++) {
        // The previous "process" died long enough ago that, on PostgreSQL, its claim counts as abandoned.
        await abandon(id);
        const queue = new IngestionQueue(runtime, { process: { extract: neverEnds } });
        expect(await queue.resume()).toBe(1);
        await expect.poll(async () => (await documentRow(id)).attempts, { timeout: 10_000 }).toBe(start);
        expect((await documentRow(id)).status).toBe('processing');
      }
      // The fourth start does not read it again: it is failed with a reason a person understands.
      await abandon(id);
      const fourth = new IngestionQueue(runtime, { process: { extract: neverEnds } });
      expect(await fourth.resume()).toBe(0);
      expect(await documentRow(id)).toMatchObject({
        status: 'failed',
        attempts: 3,
        error: expect.stringContaining(
          'Processing stopped 3 times without finishing (the file may be too large or malformed)',
        ),
      });
      expect(await new IngestionQueue(runtime).resume()).toBe(0);
      const listed = (await listDocuments(runtime, actor, knowledgeBaseId)).find((row) => row.id === id);
      expect(listed?.error).toContain('Processing stopped 3 times');
    }, 60_000);
  });
}
