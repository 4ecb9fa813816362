import type { EmbeddingModelV4 } from '@ai-sdk/provider';

/** Model id of the built-in offline embedding model. */
export const OFFLINE_EMBEDDING_MODEL_ID = 'agentry-offline-embedding';

const DEFAULT_DIMENSIONS = 256;

/**
 * The built-in offline embedding model: a real AI SDK embedding model (spec v4) that hashes words into
 * a fixed-size, L2-normalised vector ("feature hashing"). It is lexical, not semantic: texts that share
 * words score close, synonyms do not. It lets a knowledge base work with no key and no network, and
 * is deterministic, so retrieval tests are stable.
 */
export function createOfflineEmbeddingModel(dimensions = DEFAULT_DIMENSIONS): EmbeddingModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'agentry',
    modelId: OFFLINE_EMBEDDING_MODEL_ID,
    maxEmbeddingsPerCall: 2048,
    supportsParallelCalls: true,
    async doEmbed({ values, abortSignal, dimensions: requested }) {
      if (abortSignal?.aborted) throw abortSignal.reason;
      const size = requested ?? dimensions;
      let tokens = 0;
      const embeddings = values.map((value) => {
        const words = value.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
        tokens += words.length;
        return hashWords(words, size);
      });
      return { embeddings, usage: { tokens }, warnings: [] };
    },
  };
}

function hashWords(words: readonly string[], size: number): number[] {
  const vector = new Array<number>(size).fill(0);
  for (const word of words) {
    const hash = fnv1a(word);
    // The top bit picks the sign, so unrelated words cancel out on average instead of piling up.
    vector[hash % size]! += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

function fnv1a(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}
