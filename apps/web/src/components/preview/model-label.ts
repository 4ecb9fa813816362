import type { Graph } from '@agentry/engine/graph';

/** One model a graph uses, as data for the preview to name (the built-in offline model by its own name). */
export type ModelLabel =
  | { nodeId: string; kind: 'offline' }
  | { nodeId: string; kind: 'model'; provider: string; model: string }
  /** The graph has no Model node. */
  | { nodeId: 'none'; kind: 'none' };

/** The models a graph's Model nodes use, with the built-in offline model marked as such. */
export function describeModels(graph: Graph): ModelLabel[] {
  const labels: ModelLabel[] = [];
  for (const node of graph.nodes) {
    const config = node.data.config as { provider?: unknown; model?: unknown };
    if (typeof config.provider !== 'string') continue;
    labels.push(
      config.provider === 'offline'
        ? { nodeId: node.id, kind: 'offline' }
        : { nodeId: node.id, kind: 'model', provider: config.provider, model: String(config.model ?? '') },
    );
  }
  if (labels.length === 0) labels.push({ nodeId: 'none', kind: 'none' });
  return labels;
}
