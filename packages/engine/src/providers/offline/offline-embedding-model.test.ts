import { cosineSimilarity, embed, embedMany } from 'ai';
import { describe, expect, it } from 'vitest';
import { createEmbeddingModel } from '../create-embedding-model';
import { createOfflineEmbeddingModel, OFFLINE_EMBEDDING_MODEL_ID } from './offline-embedding-model';

describe('offline embedding model', () => {
  it('is what createEmbeddingModel gives for the offline provider', () => {
    expect(createEmbeddingModel({ provider: 'offline', model: '' }).modelId).toBe(OFFLINE_EMBEDDING_MODEL_ID);
  });

  it('embeds deterministically into normalised vectors of the requested size', async () => {
    const model = createOfflineEmbeddingModel(64);
    const first = await embed({ model, value: 'Refunds take five days' });
    const second = await embed({ model, value: 'Refunds take five days' });
    expect(first.embedding).toHaveLength(64);
    expect(first.embedding).toEqual(second.embedding);
    expect(Math.hypot(...first.embedding)).toBeCloseTo(1, 10);
    expect(first.usage.tokens).toBe(4);
  });

  it('ranks texts that share words above texts that do not', async () => {
    const model = createOfflineEmbeddingModel();
    const { embeddings } = await embedMany({
      model,
      values: ['How long do refunds take?', 'Refunds take five business days.', 'Our office is in Lyon.'],
    });
    const [question, related, unrelated] = embeddings as [number[], number[], number[]];
    expect(cosineSimilarity(question, related)).toBeGreaterThan(cosineSimilarity(question, unrelated));
  });

  it('gives a zero vector for text without words', async () => {
    const { embedding } = await embed({ model: createOfflineEmbeddingModel(8), value: '…' });
    expect(embedding).toEqual(new Array(8).fill(0));
  });
});
