import { sql } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { queryRows } from './query-rows';
import { RuntimeSlot } from '../runtime-slot';

/** Whether chunks can be stored as vectors here, and why not when they cannot. */
export interface VectorStatus {
  available: boolean;
  reason?: string;
}

/** What the connected database says about pgvector. */
export function vectorStatus(runtime: Runtime): VectorStatus {
  const { capabilities } = runtime.database;
  return capabilities.vector
    ? { available: true }
    : {
        available: false,
        reason: capabilities.vectorUnavailableReason ?? 'The database has no "vector" extension.',
      };
}

const ready = new RuntimeSlot<Promise<void>>('vector-table');

/**
 * Creates the embeddings table on first use, only where pgvector exists (it is not in the committed
 * migrations because a PostgreSQL without the extension must still migrate). The column has no fixed
 * dimension, so each knowledge base may use its own model; searches never mix knowledge bases.
 */
export function ensureVectorTable(runtime: Runtime): Promise<void> {
  let promise = ready.get(runtime);
  if (!promise) {
    promise = (async () => {
      await runtime.db.execute(sql`create table if not exists knowledge_embeddings (
        chunk_id text primary key references knowledge_chunks(id) on delete cascade,
        knowledge_base_id text not null references knowledge_bases(id) on delete cascade,
        embedding vector not null
      )`);
      await runtime.db.execute(
        sql`create index if not exists knowledge_embeddings_kb_idx on knowledge_embeddings (knowledge_base_id)`,
      );
    })();
    promise.catch(() => ready.delete(runtime));
    ready.set(runtime, promise);
  }
  return promise;
}

function vectorLiteral(vector: readonly number[]): string {
  return `[${vector.map((value) => (Number.isFinite(value) ? value : 0)).join(',')}]`;
}

/** Stores the vectors of some chunks of one knowledge base. */
export async function storeEmbeddings(
  runtime: Runtime,
  knowledgeBaseId: string,
  rows: readonly { chunkId: string; embedding: readonly number[] }[],
): Promise<void> {
  if (rows.length === 0) return;
  await ensureVectorTable(runtime);
  const values = sql.join(
    rows.map((row) => sql`(${row.chunkId}, ${knowledgeBaseId}, ${vectorLiteral(row.embedding)}::vector)`),
    sql`, `,
  );
  await runtime.db.execute(
    sql`insert into knowledge_embeddings (chunk_id, knowledge_base_id, embedding) values ${values}
        on conflict (chunk_id) do update set embedding = excluded.embedding`,
  );
}

/** Forgets every vector of a knowledge base (its embedding model changed). */
export async function clearEmbeddings(runtime: Runtime, knowledgeBaseId: string): Promise<void> {
  if (!runtime.database.capabilities.vector) return;
  await ensureVectorTable(runtime);
  await runtime.db.execute(
    sql`delete from knowledge_embeddings where knowledge_base_id = ${knowledgeBaseId}`,
  );
}

/** How many chunks of a knowledge base have a vector. */
export async function countEmbeddings(runtime: Runtime, knowledgeBaseId: string): Promise<number> {
  if (!runtime.database.capabilities.vector) return 0;
  await ensureVectorTable(runtime);
  const [row] = await queryRows<{ count: number }>(
    runtime,
    sql`select count(*)::int as count from knowledge_embeddings where knowledge_base_id = ${knowledgeBaseId}`,
  );
  return Number(row?.count ?? 0);
}

/** A chunk found by one ranking. */
export interface RankedChunk {
  chunkId: string;
  documentId: string;
  documentName: string;
  heading: string;
  content: string;
  score: number;
}

/** The chunks closest to a query vector (cosine similarity), among ready documents. */
export async function vectorSearch(
  runtime: Runtime,
  knowledgeBaseId: string,
  queryVector: readonly number[],
  limit: number,
): Promise<RankedChunk[]> {
  await ensureVectorTable(runtime);
  const literal = vectorLiteral(queryVector);
  const rows = await queryRows<RankedChunk>(
    runtime,
    sql`
    select c.id as "chunkId", c.document_id as "documentId", d.name as "documentName", c.heading, c.content,
           1 - (e.embedding <=> ${literal}::vector) as score
    from knowledge_embeddings e
    join knowledge_chunks c on c.id = e.chunk_id
    join knowledge_documents d on d.id = c.document_id
    where e.knowledge_base_id = ${knowledgeBaseId} and d.status = 'ready'
    order by e.embedding <=> ${literal}::vector, c.id
    limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}
