import { effectiveModel, estimateCost, type PricingCredential } from './model-prices';

/** The model a node runs: provider, model (the provider's default when the node names none), credential. */
export interface NodeModel {
  provider: string;
  model: string;
  credentialId?: string;
}

/** Credential id -> its name and model prices (`credentialPricing`), for pricing a run's tokens. */
export type PriceBook = Readonly<Record<string, PricingCredential>>;

/** Model, provider and credential of each node in a graph snapshot, for cost estimates. */
export function modelsByNode(graph: unknown): Map<string, NodeModel> {
  const map = new Map<string, NodeModel>();
  const nodes =
    (graph as { nodes?: { id: string; data?: { config?: Record<string, unknown> } }[] } | null)?.nodes ?? [];
  for (const node of nodes) {
    const config = node.data?.config ?? {};
    if (typeof config.provider !== 'string') continue;
    const model = effectiveModel(config.provider, String(config.model ?? ''));
    const credentialId =
      typeof config.credentialId === 'string' && config.credentialId ? config.credentialId : undefined;
    map.set(node.id, { provider: config.provider, model, ...(credentialId ? { credentialId } : {}) });
  }
  return map;
}

/** The credential ids the model nodes of a graph run with (to load their prices). */
export function credentialIdsOf(graph: unknown): string[] {
  return [...modelsByNode(graph).values()].flatMap((model) =>
    model.credentialId ? [model.credentialId] : [],
  );
}

/** The credential of a node's model in a price book (null: none, or not in the book). */
export function pricingCredentialOf(model: NodeModel, book?: PriceBook): PricingCredential | null {
  return (model.credentialId && book?.[model.credentialId]) || null;
}

/** Tokens and estimated cost of one model within a run (or of the whole run, model ''). */
export interface ModelUsage {
  /** 'provider:model', or '' for the run as a whole. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Cost of the priced tokens. */
  costUsd: number;
  /** Tokens with no known price (their node has no model, or the model no list price). */
  unpricedTokens: number;
}

type StepUsage = { nodeId: string; usage?: unknown };

/**
 * A run's tokens per model, from its steps' usage and the graph's models, priced by `estimateCost` (with
 * the prices of the nodes' credentials from `book` first).
 * Tokens of a step whose node names no model count as unpriced and belong to no model.
 */
export function usageByModel(graph: unknown, steps: readonly StepUsage[], book?: PriceBook): ModelUsage[] {
  let models: Map<string, NodeModel> | undefined;
  const byModel = new Map<string, ModelUsage>();
  const total: ModelUsage = { model: '', inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  for (const step of steps) {
    const usage = step.usage as { inputTokens?: number; outputTokens?: number } | null | undefined;
    const inputTokens = usage?.inputTokens ?? 0;
    const outputTokens = usage?.outputTokens ?? 0;
    if (inputTokens + outputTokens === 0) continue;
    models ??= modelsByNode(graph);
    const model = models.get(step.nodeId);
    const cost = model
      ? estimateCost(
          model.provider,
          model.model,
          { inputTokens, outputTokens },
          pricingCredentialOf(model, book),
        )
      : null;
    if (!model) {
      total.unpricedTokens += inputTokens + outputTokens;
      continue;
    }
    const key = `${model.provider}:${model.model}`;
    let entry = byModel.get(key);
    if (!entry) {
      entry = { model: key, inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
      byModel.set(key, entry);
    }
    entry.inputTokens += inputTokens;
    entry.outputTokens += outputTokens;
    if (cost) entry.costUsd += cost.usd;
    else entry.unpricedTokens += inputTokens + outputTokens;
  }
  for (const entry of byModel.values()) {
    total.costUsd += entry.costUsd;
    total.unpricedTokens += entry.unpricedTokens;
  }
  return [total, ...byModel.values()];
}
