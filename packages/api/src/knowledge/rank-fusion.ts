import type { RankedChunk } from './vector-store';

/** A fused hit with where it ranked in each list (1-based), for the "try a query" box. */
export interface FusedChunk extends RankedChunk {
  fullTextRank?: number;
  vectorRank?: number;
  fullTextScore?: number;
  vectorScore?: number;
}

/**
 * Reciprocal rank fusion (Cormack et al., k = 60): each list adds 1 / (k + rank). It needs no score
 * calibration between ts_rank and cosine similarity, and a chunk found by both rises to the top.
 */
export function fuseRankings(
  fullText: readonly RankedChunk[],
  vector: readonly RankedChunk[],
  limit: number,
  k = 60,
): FusedChunk[] {
  const fused = new Map<string, FusedChunk>();
  fullText.forEach((chunk, index) => {
    fused.set(chunk.chunkId, {
      ...chunk,
      score: 1 / (k + index + 1),
      fullTextRank: index + 1,
      fullTextScore: chunk.score,
    });
  });
  vector.forEach((chunk, index) => {
    const existing = fused.get(chunk.chunkId);
    const add = 1 / (k + index + 1);
    if (existing) {
      existing.score += add;
      existing.vectorRank = index + 1;
      existing.vectorScore = chunk.score;
    } else {
      fused.set(chunk.chunkId, { ...chunk, score: add, vectorRank: index + 1, vectorScore: chunk.score });
    }
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.chunkId < b.chunkId ? -1 : 1))
    .slice(0, limit);
}
