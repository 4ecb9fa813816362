import { sql } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { queryRows } from './query-rows';
import type { RankedChunk } from './vector-store';
import { RuntimeSlot } from '../runtime-slot';

/** Lexemes found in more than this share of chunks only order results; they do not select them. */
const COMMON_SHARE = 0.1;
/** Most chunks ranked when every word of a query is common and no chunk has them all. */
const COMMON_CANDIDATES = 2_000;

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

/** A tsquery of lexemes (already stemmed), quoted so they are taken literally. */
function lexemeQuery(lexemes: readonly string[], operator: '|' | '&'): string {
  return lexemes.map((lexeme) => `'${lexeme.replaceAll("'", "''")}'`).join(` ${operator} `);
}

/**
 * The query's lexemes with the share of chunks that contain them, from the planner's statistics
 * (`pg_stats.most_common_elems`, kept by ANALYZE): a catalog read, no scan. Unknown lexemes are rare.
 */
async function lexemeShares(runtime: Runtime, terms: string): Promise<{ lexeme: string; share: number }[]> {
  return queryRows<{ lexeme: string; share: number }>(
    runtime,
    sql`
    with query as (select distinct unnest(tsvector_to_array(to_tsvector('english', ${terms}))) as lexeme),
    stats as (
      select elems.lexeme, elems.share
      from pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as elems(lexeme, share)
      where s.tablename = 'knowledge_chunks' and s.attname = 'search_vector'
    )
    select query.lexeme, coalesce(max(stats.share), 0)::float8 as share
    from query left join stats on stats.lexeme = query.lexeme
    group by query.lexeme
    order by share, query.lexeme`,
  );
}

async function rankedChunks(
  runtime: Runtime,
  knowledgeBaseId: string,
  filter: string,
  rank: string,
  limit: number,
  candidates?: number,
): Promise<RankedChunk[]> {
  // Ranking touches every matching chunk; the documents join happens for the few that are kept.
  const matching = candidates
    ? sql`(select id, document_id, search_vector from knowledge_chunks
           where knowledge_base_id = ${knowledgeBaseId} and search_vector @@ to_tsquery('english', ${filter})
           limit ${candidates})`
    : sql`(select id, document_id, search_vector from knowledge_chunks
           where knowledge_base_id = ${knowledgeBaseId} and search_vector @@ to_tsquery('english', ${filter}))`;
  const rows = await queryRows<RankedChunk>(
    runtime,
    sql`
    with ranked as (
      select m.id, m.document_id, ts_rank(m.search_vector, to_tsquery('english', ${rank}), 1) as score
      from ${matching} as m
      order by score desc, m.id
      limit ${limit + 20}
    )
    select c.id as "chunkId", c.document_id as "documentId", d.name as "documentName", c.heading, c.content,
           r.score
    from ranked r
    join knowledge_chunks c on c.id = r.id
    join knowledge_documents d on d.id = r.document_id
    where d.status = 'ready'
    order by r.score desc, r.id
    limit ${limit}`,
  );
  return rows.map((row) => ({ ...row, score: Number(row.score) }));
}

/**
 * Ranked full-text search over the chunks of ready documents (the GIN index on the generated
 * `search_vector`); works on every PostgreSQL, embedded or not, with no provider. Chunks are selected
 * by the query's selective words and ranked (`ts_rank`) by all of them, so a question made mostly of
 * words every chunk has ("kettle" in a kettle manual) does not rank the whole knowledge base. When every
 * word is common, chunks having all of them are taken; failing that, at most 2,000 matching chunks.
 */
export async function fullTextSearch(
  runtime: Runtime,
  knowledgeBaseId: string,
  query: string,
  limit: number,
): Promise<RankedChunk[]> {
  const terms = toOrQuery(query);
  if (!terms) return [];
  const lexemes = await lexemeShares(runtime, terms);
  if (lexemes.length === 0) return [];
  const all = lexemes.map((entry) => entry.lexeme);
  const rank = lexemeQuery(all, '|');
  const selective = lexemes.filter((entry) => entry.share <= COMMON_SHARE).map((entry) => entry.lexeme);
  let found: RankedChunk[] = [];
  if (selective.length > 0) {
    found = await rankedChunks(runtime, knowledgeBaseId, lexemeQuery(selective, '|'), rank, limit);
    // A rare word may be a typo that matches nothing: the common words still get their chance.
    if (found.length >= limit || selective.length === all.length) return found;
  }
  const seen = new Set(found.map((chunk) => chunk.chunkId));
  const fill = (more: RankedChunk[]) =>
    [...found, ...more.filter((chunk) => !seen.has(chunk.chunkId))].slice(0, limit);
  const withAll = await rankedChunks(
    runtime,
    knowledgeBaseId,
    lexemeQuery(all, '&'),
    rank,
    limit,
    COMMON_CANDIDATES,
  );
  if (withAll.length + found.length >= limit || all.length === 1) return fill(withAll);
  return fill(await rankedChunks(runtime, knowledgeBaseId, rank, rank, limit, COMMON_CANDIDATES));
}

/**
 * Refreshes the word statistics search reads (ANALYZE on the chunks table). A small statistics target
 * is enough: only words in more than a tenth of the chunks matter, and it halves the time ANALYZE holds
 * the embedded database (about 120 ms at 10,000 chunks).
 */
export async function analyzeSearchStatistics(runtime: Runtime): Promise<void> {
  await runtime.db.transaction(async (transaction) => {
    await transaction.execute(sql`set local default_statistics_target = 10`);
    await transaction.execute(sql`analyze knowledge_chunks`);
  });
}

const analyzed = new RuntimeSlot<{ at: number; running: boolean }>('search-statistics');

/**
 * Runs `analyzeSearchStatistics` in the background at most every 30 s (after documents are processed):
 * the embedded database has no autovacuum to do it.
 */
export function refreshSearchStatistics(runtime: Runtime, now = Date.now()): void {
  const state = analyzed.get(runtime) ?? { at: 0, running: false };
  analyzed.set(runtime, state);
  if (state.running || now - state.at < 30_000) return;
  state.running = true;
  state.at = now;
  analyzeSearchStatistics(runtime)
    .catch(() => {})
    .finally(() => {
      state.running = false;
    });
}
