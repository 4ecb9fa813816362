import { type DatabaseHandle, knowledgeDocuments } from '@agentry/db';
import { inArray } from '@agentry/db/drizzle';
import { testBackends } from '@agentry/db/testing';
import type { DocumentExtractor } from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import type { Actor } from '../services/auth';
import { testRuntime } from '../test-support';
import { IngestionQueue } from './ingestion-queue';
import { createKnowledgeBase } from './knowledge-bases';
import { addDocuments } from './knowledge-documents';
import { ownerRuntime } from './test-helpers';

const postgres = testBackends().find((backend) => backend.name === 'postgres');

describe.skipIf(!postgres)('knowledge ingestion with two server processes on one PostgreSQL', () => {
  let database: DatabaseHandle;
  let first: Runtime;
  let second: Runtime;
  let actor: Actor;
  beforeAll(async () => {
    database = await postgres!.open();
    ({ runtime: first, actor } = await ownerRuntime(database));
    second = await testRuntime(database);
  }, 60_000);
  afterAll(() => database.close());

  it('ten documents uploaded through both are each processed exactly once', { timeout: 60_000 }, async () => {
    const base = await createKnowledgeBase(first, actor, { name: 'Shared' });
    const upload = async (runtime: Runtime, from: number) =>
      (
        await addDocuments(
          runtime,
          actor,
          base.id,
          Array.from({ length: 5 }, (_, index) => ({
            name: `doc-${from + index}.md`,
            bytes: new TextEncoder().encode(`# Document ${from + index}\n\nText number ${from + index}.`),
          })),
          { queue: false },
        )
      ).documents.map((document) => document.id);
    const ids = [...(await upload(first, 0)), ...(await upload(second, 5))];
    expect(ids).toHaveLength(10);

    // Every read is counted; each read takes a moment, so the two processes' jobs overlap.
    const reads = new Map<string, number>();
    const countingExtractor: DocumentExtractor = async function* (input) {
      reads.set(input.name, (reads.get(input.name) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield { type: 'paragraph', text: new TextDecoder().decode(input.bytes) };
    };
    // The worst case: both processes' queues are handed every document (each one's start-up resume
    // finds all ten queued), three jobs at a time each.
    const queues = [first, second].map(
      (runtime) => new IngestionQueue(runtime, { concurrency: 3, process: { extract: countingExtractor } }),
    );
    for (const id of ids) for (const queue of queues) queue.enqueue(id);
    await Promise.all(queues.map((queue) => queue.idle()));

    expect([...reads.values()]).toEqual(Array(10).fill(1));
    const rows = await database.db
      .select({ status: knowledgeDocuments.status, attempts: knowledgeDocuments.attempts })
      .from(knowledgeDocuments)
      .where(inArray(knowledgeDocuments.id, ids));
    expect(rows).toEqual(Array(10).fill({ status: 'ready', attempts: 1 }));
  });
});
