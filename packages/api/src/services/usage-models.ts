import { estimateCost } from './model-prices';

/** Model and provider of each node in a graph snapshot, for cost estimates. */
export function modelsByNode(graph: unknown): Map<string, { provider: string; model: string }> {
  const map = new Map<string, { provider: string; model: string }>();
  const nodes =
    (graph as { nodes?: { id: string; data?: { config?: Record<string, unknown> } }[] } | null)?.nodes ?? [];
  for (const node of nodes) {
    const config = node.data?.config ?? {};
    if (typeof config.provider === 'string')
      map.set(node.id, { provider: config.provider, model: String(config.model ?? '') });
  }
  return map;
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
 * A run's tokens per model, from its steps' usage and the graph's models, priced by `estimateCost`.
 * Tokens of a step whose node names no model count as unpriced and belong to no model.
 */
export function usageByModel(graph: unknown, steps: readonly StepUsage[]): ModelUsage[] {
  let models: Map<string, { provider: string; model: string }> | undefined;
  const byModel = new Map<string, ModelUsage>();
  const total: ModelUsage = { model: '', inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
  for (const step of steps) {
    const usage = step.usage as { inputTokens?: number; outputTokens?: number } | null | undefined;
    const inputTokens = usage?.inputTokens ?? 0;
    const outputTokens = usage?.outputTokens ?? 0;
    if (inputTokens + outputTokens === 0) continue;
    models ??= modelsByNode(graph);
    const model = models.get(step.nodeId);
    const cost = model ? estimateCost(model.provider, model.model, { inputTokens, outputTokens }) : null;
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
