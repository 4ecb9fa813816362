import { defaultNodeRegistry, nodeCatalog, PROVIDERS } from '@agentry/engine';
import { describe, expect, it } from 'vitest';
import { effectiveModel, estimateCost, listPrice, missingPriceReason } from './model-prices';
import { stepCost } from './run-history';
import { usageByModel } from './usage-models';

const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

/** Every model the engine offers as a default or an example: provider defaults, and "e.g." names in configs. */
function engineModelExamples(): { provider: string; model: string }[] {
  const examples: { provider: string; model: string }[] = PROVIDERS.map((provider) => ({
    provider: provider.id,
    model: provider.defaultModel,
  }));
  for (const entry of nodeCatalog(defaultNodeRegistry)) {
    const properties = (entry.configSchema.properties ?? {}) as Record<string, { description?: string }>;
    const mentioned = properties.model?.description?.match(/e\.g\. ([a-z0-9.-]+[a-z0-9])/i)?.[1];
    // The Model node's field describes an OpenAI name (its placeholder text).
    if (mentioned) examples.push({ provider: 'openai', model: mentioned });
    const defaults = entry.defaultConfig as { provider?: string; model?: string } | undefined;
    if (defaults?.provider) examples.push({ provider: defaults.provider, model: defaults.model ?? '' });
  }
  return examples;
}

describe('model prices', () => {
  it('prices every default and example model of the engine, or says where to set a price', () => {
    const examples = engineModelExamples();
    expect(examples).toContainEqual({ provider: 'openai', model: 'gpt-5-mini' });
    for (const { provider, model } of examples) {
      const cost = estimateCost(provider, model, usage);
      // A local server's model has no list price by nature: the credential must set one.
      if (provider === 'openai-compatible') {
        expect(cost).toBeNull();
        expect(missingPriceReason(provider, model, { name: 'LM Studio' })).toBe(
          'no price known for openai-compatible/local-model — set one on the credential LM Studio',
        );
      } else expect(cost, `${provider}/${model} has no price`).not.toBeNull();
    }
  });

  it("knows today's models of each provider, and dated ids by their family", () => {
    expect(listPrice('openai', 'gpt-5-mini')).toEqual({ input: 0.25, output: 2 });
    expect(listPrice('openai', 'gpt-5-nano')).toEqual({ input: 0.05, output: 0.4 });
    expect(listPrice('openai', 'gpt-4.1-2025-04-14')).toEqual({ input: 2, output: 8 });
    expect(listPrice('anthropic', 'claude-haiku-4-5-20251001')).toEqual({ input: 1, output: 5 });
    expect(listPrice('anthropic', 'claude-sonnet-4-5')).toEqual({ input: 3, output: 15 });
    expect(listPrice('google', 'gemini-2.5-flash-lite')).toEqual({ input: 0.1, output: 0.4 });
    expect(listPrice('openai', 'gpt-unknown')).toBeUndefined();
  });

  it('uses the provider default for an empty model, as the engine runs it', () => {
    expect(effectiveModel('openai', '')).toBe('gpt-5-mini');
    expect(estimateCost('openai', '', usage)).toEqual({ usd: 2.25, basis: 'openai/gpt-5-mini list price' });
    expect(estimateCost('offline', '', usage)).toEqual({ usd: 0, basis: 'offline model' });
    expect(estimateCost('ollama', 'llama3.2', usage)).toEqual({ usd: 0, basis: 'local model' });
  });

  it("takes a credential's own price first, also over a list price", () => {
    const credential = { name: 'Team proxy', prices: { 'gpt-5-mini': { input: 0.2, output: 1 } } };
    expect(estimateCost('openai', 'gpt-5-mini', usage, credential)).toEqual({
      usd: 1.2,
      basis: 'price set on the credential Team proxy',
    });
    const local = { name: 'vLLM', prices: { 'llama-3': { input: 0.5, output: 0.5 } } };
    expect(
      estimateCost('openai-compatible', 'llama-3', { inputTokens: 2000, outputTokens: 0 }, local)?.usd,
    ).toBe(0.001);
    // A price for another model of the credential does not apply.
    expect(estimateCost('openai-compatible', 'qwen', usage, local)).toBeNull();
  });

  it('says why a step has no cost, naming the credential to set the price on', () => {
    const model = { provider: 'openai-compatible', model: 'llama-3', credentialId: 'c1' };
    const book = { c1: { name: 'Office GPU', prices: {} } };
    expect(stepCost(model, { inputTokens: 5, outputTokens: 5 }, book)).toEqual({
      cost: null,
      costMissing: 'no price known for openai-compatible/llama-3 — set one on the credential Office GPU',
    });
    // No tokens, nothing missing; no credential, the sentence says to choose one.
    expect(stepCost(model, { inputTokens: 0, outputTokens: 0 }, book).costMissing).toBeNull();
    expect(stepCost({ provider: 'openai', model: 'gpt-9' }, usage, {}).costMissing).toMatch(
      /^no price known for openai\/gpt-9 — choose a credential on the node/,
    );
    const priced = { c1: { name: 'Office GPU', prices: { 'llama-3': { input: 1, output: 1 } } } };
    expect(stepCost(model, usage, priced)).toMatchObject({ cost: { usd: 2 }, costMissing: null });
  });

  it("prices the usage rollup's tokens with the credential's prices", () => {
    const graph = {
      nodes: [
        {
          id: 'm',
          data: { config: { provider: 'openai-compatible', model: 'llama-3', credentialId: 'c1' } },
        },
      ],
    };
    const steps = [{ nodeId: 'm', usage: { inputTokens: 1_000_000, outputTokens: 0 } }];
    expect(usageByModel(graph, steps)[0]).toMatchObject({ costUsd: 0, unpricedTokens: 1_000_000 });
    const book = { c1: { name: 'GPU', prices: { 'llama-3': { input: 0.3, output: 0.6 } } } };
    expect(usageByModel(graph, steps, book)[0]).toMatchObject({ costUsd: 0.3, unpricedTokens: 0 });
  });
});
