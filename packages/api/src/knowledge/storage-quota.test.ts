import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { createDatabaseKnowledge } from './database-knowledge';
import { ingestionQueue } from './ingestion-queue';
import { createKnowledgeBase, knowledgeBaseDetail } from './knowledge-bases';
import { addDocuments, addText, listDocuments, removeDocument } from './knowledge-documents';
import { storageUsage } from './storage-quota';
import { ownerRuntime } from './test-helpers';
import { handleKnowledgeUpload } from '../http/knowledge-upload';

const KB = 1024;

/** Text of `size` bytes that no other file of the test repeats. */
const textFile = (name: string, size: number) => ({
  name,
  bytes: new TextEncoder().encode(`# ${name}\n\n${'quota '.repeat(size / 6)}`.slice(0, size)),
});

/** A body that streams `chunks` chunks of 64 KB, counting what was read of it. */
function countedBody(chunks: number) {
  const read = { bytes: 0 };
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent++;
      read.bytes += 64 * KB;
      controller.enqueue(new Uint8Array(64 * KB).fill(0x61));
    },
  });
  return { body, read };
}

for (const backend of testBackends()) {
  describe(`knowledge storage quota on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    let sessionToken: string;
    let knowledgeBaseId: string;

    const upload = (body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}) =>
      handleKnowledgeUpload(
        runtime,
        new Request('http://localhost/api/knowledge/x/documents', {
          method: 'POST',
          headers: { cookie: `agentry_session=${sessionToken}`, ...headers },
          body,
          duplex: 'half',
        } as RequestInit),
        knowledgeBaseId,
      );

    beforeAll(async () => {
      database = await backend.open();
      ({ runtime, actor, sessionToken } = await ownerRuntime(database, { AGENTRY_STORAGE_QUOTA_MB: '1' }));
      knowledgeBaseId = (await createKnowledgeBase(runtime, actor, { name: 'Quota' })).id;
    });
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await database.close();
    });

    it('the service refuses a file past the quota, naming used and limit (uploads, paste and train)', async () => {
      const first = await addDocuments(runtime, actor, knowledgeBaseId, [textFile('first.md', 600 * KB)]);
      expect(first.refused).toEqual([]);
      const second = await addDocuments(runtime, actor, knowledgeBaseId, [
        textFile('second.md', 600 * KB),
        textFile('small.md', 100 * KB),
      ]);
      // The file that does not fit is refused alone; the one that does is added.
      expect(second.documents.map((document) => document.name)).toEqual(['small.md']);
      expect(second.refused).toEqual([
        {
          name: 'second.md',
          code: 'over_quota',
          reason:
            "The workspace's knowledge storage is full: 600 KB of 1 MB used, and this needs 600 KB more. Remove documents, or ask an admin to raise AGENTRY_STORAGE_QUOTA_MB.",
        },
      ]);
      expect(await storageUsage(runtime, actor.workspaceId)).toEqual({
        usedBytes: 700 * KB,
        quotaBytes: 1024 * KB,
      });

      // Pasted text (tRPC) is refused as too large (413).
      await expect(
        addText(runtime, actor, { id: knowledgeBaseId, text: 'paste '.repeat(60_000) }),
      ).rejects.toMatchObject({ code: 'too_large', message: expect.stringContaining('700 KB of 1 MB used') });

      // `agentry train` and Agent.train() go through the same service.
      const [trained] = await createDatabaseKnowledge(runtime, actor).ingest({
        knowledgeBaseId,
        documents: [{ name: 'train.md', content: 'train '.repeat(70_000) }],
      });
      expect(trained).toMatchObject({ status: 'failed', error: expect.stringContaining('of 1 MB used') });

      // The page shows it.
      expect((await knowledgeBaseDetail(runtime, actor, knowledgeBaseId)).storage).toEqual({
        usedBytes: 700 * KB,
        quotaBytes: 1024 * KB,
      });
    });

    it('an upload whose Content-Length is past what is left is refused with 413 before its body is read', async () => {
      const { body, read } = countedBody(16);
      const response = await upload(body, {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(16 * 64 * KB),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /^The workspace's knowledge storage is full: 700 KB of 1 MB used/,
      );
      expect(read.bytes).toBeLessThanOrEqual(64 * KB);
    });

    it('an upload that grows past what is left while streaming is cut off with 413', async () => {
      // No Content-Length (chunked): a multipart file part that never ends.
      const head = new TextEncoder().encode(
        '--x\r\nContent-Disposition: form-data; name="file"; filename="big.md"\r\nContent-Type: text/markdown\r\n\r\n',
      );
      const { body: rest, read } = countedBody(10_000);
      const reader = rest.getReader();
      let headSent = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!headSent) {
            headSent = true;
            return controller.enqueue(head);
          }
          const next = await reader.read();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
      });
      const response = await upload(body, { 'content-type': 'multipart/form-data; boundary=x' });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        '700 KB of 1 MB used',
      );
      // 640 MB were on offer; reading stopped just past the 324 KB left.
      expect(read.bytes).toBeLessThan(2 * 1024 * KB);
    });

    it('room made by removing documents can be used again', async () => {
      const [refused] = (
        await addDocuments(runtime, actor, knowledgeBaseId, [textFile('again.md', 400 * KB)])
      ).refused;
      expect(refused?.code).toBe('over_quota');
      const detail = await knowledgeBaseDetail(runtime, actor, knowledgeBaseId);
      expect(detail.totals.documents).toBe(2);
      const first = (await listDocuments(runtime, actor, knowledgeBaseId)).find(
        (row) => row.name === 'first.md',
      );
      await removeDocument(runtime, actor, first!.id);
      const form = new FormData();
      form.append('file', new Blob([textFile('again.md', 400 * KB).bytes]), 'again.md');
      expect((await upload(form)).status).toBe(201);
    });
  });
}

describe('the upload body limit without a quota', () => {
  it('cuts a body off at 200 MB a request, whatever it declares', async () => {
    const backend = testBackends()[0]!;
    const database = await backend.open();
    const { runtime, actor, sessionToken } = await ownerRuntime(database, { AGENTRY_STORAGE_QUOTA_MB: '0' });
    try {
      const knowledgeBaseId = (await createKnowledgeBase(runtime, actor, { name: 'Open' })).id;
      expect((await storageUsage(runtime, actor.workspaceId)).quotaBytes).toBeNull();
      const send = (body: NonNullable<RequestInit['body']>, headers: Record<string, string>) =>
        handleKnowledgeUpload(
          runtime,
          new Request('http://localhost/x', {
            method: 'POST',
            headers: { cookie: `agentry_session=${sessionToken}`, ...headers },
            body,
            duplex: 'half',
          } as RequestInit),
          knowledgeBaseId,
        );
      const declared = await send(countedBody(1).body, {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(300 * 1024 * KB),
      });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as { error: { message: string } }).error.message).toBe(
        'The upload is larger than the 200 MB limit per request (it is 300 MB); send fewer files at a time.',
      );
      // Chunked and endless: cut off once 200 MB have arrived.
      const { body, read } = countedBody(20_000);
      const streamed = await send(body, { 'content-type': 'multipart/form-data; boundary=x' });
      expect(streamed.status).toBe(413);
      expect(read.bytes).toBeLessThan(210 * 1024 * KB);
    } finally {
      await database.close();
    }
  }, 60_000);
});
