import { sql } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { queryRows } from './query-rows';
import type { RankedChunk } from './vector-store';

/**
 * The words of a question as an OR query for `to_tsquery('english', ...)`: PostgreSQL stems them and
 * drops stop words, and ranking rewards chunks that match more of them. Only letters and digits pass,
 * so nothing in the text can act as a tsquery operator.
 */
export function toOrQuery(text: string): string {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    words.add(match[0]);
    if (words.size >= 32) break;
  }
  return [...words].join(' | ');
}

/**
 * Ranked full-text search over the chunks of ready documents (the GIN index on the generated
 * `search_vector`); works on every PostgreSQL, embedded or not, with no provider.
 */
export async function fullTextSearch(
  runtime: Runtime,
  knowledgeBaseId: string,
  query: string,
  limit: number,
): Promise<RankedChunk[]> {
  const terms = toOrQuery(query);
  if (!terms) return [];
  const rows = await queryRows<RankedChunk>(
    runtime,
    sql`
    select c.id as "chunkId", c.document_id as "documentId", d.name as "documentName", c.heading, c.content,
           ts_rank(c.search_vector, q.query, 1) as score
    from knowledge_chunks c
    join knowledge_documents d on d.id = c.document_id,
         to_tsquery('english', ${terms}) as q(query)
    where c.knowledge_base_id = ${knowledgeBaseId} and c.search_vector @@ q.query and d.status = 'ready'
    order by score desc, c.id
    limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}
