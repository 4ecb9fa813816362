import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestionQueue } from '../../knowledge/ingestion-queue';
import { ownerRuntime } from '../../knowledge/test-helpers';
import type { Runtime } from '../../runtime';
import { handleTrpcRequest } from '../handler';

for (const backend of testBackends()) {
  describe(`knowledge over tRPC on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let sessionToken: string;

    async function call<T>(path: string, input?: unknown, kind: 'query' | 'mutation' = 'mutation') {
      const url = new URL(`http://127.0.0.1:3000/api/trpc/${path}`);
      if (kind === 'query') url.searchParams.set('input', JSON.stringify({ json: input ?? null }));
      const response = await handleTrpcRequest(
        runtime,
        new Request(url, {
          method: kind === 'query' ? 'GET' : 'POST',
          headers: {
            'content-type': 'application/json',
            host: '127.0.0.1:3000',
            cookie: `agentry_session=${sessionToken}`,
          },
          body: kind === 'mutation' ? JSON.stringify({ json: input ?? null }) : undefined,
        }),
      );
      const body = (await response.json()) as {
        result?: { data: { json: T } };
        error?: { json: { message: string } };
      };
      return { status: response.status, data: body.result?.data.json as T, error: body.error?.json.message };
    }

    beforeAll(async () => {
      database = await backend.open();
      ({ runtime, sessionToken } = await ownerRuntime(database));
    });
    afterAll(async () => {
      ingestionQueue(runtime).stop();
      await database.close();
    });

    it('creates a knowledge base, takes pasted text, searches it and makes a Q&A agent', async () => {
      const capabilities = await call<{ maxFileSize: string; vectors: { available: boolean } }>(
        'knowledge.capabilities',
        undefined,
        'query',
      );
      expect(capabilities.data).toMatchObject({
        maxFileSize: '25 MB',
        vectors: { available: backend.name === 'pglite' },
      });

      const created = await call<{ id: string }>('knowledge.create', { name: 'Policies' });
      const id = created.data.id;
      const empty = await call('knowledge.create', { name: '  ' });
      expect(empty).toMatchObject({ status: 400, error: expect.stringContaining('Name the knowledge base') });

      const added = await call<{ name: string; status: string }>('knowledge.addText', {
        id,
        name: 'Leave',
        text: '# Leave\n\nEmployees get 27 days of paid leave a year.',
      });
      expect(added.data).toMatchObject({ name: 'Leave.md', status: 'queued' });
      await ingestionQueue(runtime).idle();

      const documents = await call<{ id: string; status: string; chunkCount: number }[]>(
        'knowledge.documents',
        { id },
        'query',
      );
      expect(documents.data).toMatchObject([{ status: 'ready', chunkCount: 1 }]);
      const chunks = await call<{ chunks: { heading: string }[] }>(
        'knowledge.chunks',
        { documentId: documents.data[0]!.id },
        'query',
      );
      expect(chunks.data.chunks).toMatchObject([{ heading: 'Leave' }]);

      const search = await call<{ mode: string; hits: { documentName: string; score: number }[] }>(
        'knowledge.search',
        {
          id,
          query: 'How many days of paid leave?',
        },
      );
      expect(search.data.mode).toBe('full-text');
      expect(search.data.hits[0]).toMatchObject({ documentName: 'Leave.md' });
      expect((await call('knowledge.search', { id, query: ' ' })).status).toBe(400);

      const agent = await call<{
        id: string;
        name: string;
        draftGraph: { nodes: { type: string; data: { config: Record<string, unknown> } }[] };
      }>('knowledge.createQaAgent', { id });
      expect(agent.data.name).toBe('Policies Q&A');
      const knowledgeNode = agent.data.draftGraph.nodes.find((node) => node.type === 'knowledge');
      expect(knowledgeNode?.data.config.knowledgeBaseId).toBe(id);

      expect((await call('knowledge.rename', { id, name: 'HR policies' })).status).toBe(200);
      const list = await call<{ name: string; documentCount: number; chunkCount: number }[]>(
        'knowledge.list',
        undefined,
        'query',
      );
      expect(list.data).toEqual([
        expect.objectContaining({ name: 'HR policies', documentCount: 1, chunkCount: 1 }),
      ]);
      expect((await call('knowledge.delete', { id })).status).toBe(200);
      expect((await call('knowledge.get', { id }, 'query')).status).toBe(404);
    });
  });
}
