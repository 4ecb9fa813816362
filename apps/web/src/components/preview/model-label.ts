import type { Graph } from '@agentry/engine/graph';

/** One model a graph uses, as the preview names it. */
export interface ModelLabel {
  nodeId: string;
  label: string;
  offline: boolean;
}

/** The models a graph's Model nodes use, with the built-in offline model named as such. */
export function describeModels(graph: Graph): ModelLabel[] {
  const labels: ModelLabel[] = [];
  for (const node of graph.nodes) {
    const config = node.data.config as { provider?: unknown; model?: unknown };
    if (typeof config.provider !== 'string') continue;
    const offline = config.provider === 'offline';
    labels.push({
      nodeId: node.id,
      offline,
      label: offline
        ? 'Offline model (built-in, no key: deterministic demo answers)'
        : `${config.provider} · ${String(config.model ?? '')}`,
    });
  }
  if (labels.length === 0) labels.push({ nodeId: 'none', offline: false, label: 'no model node' });
  return labels;
}
