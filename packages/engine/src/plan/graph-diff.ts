import type { Graph, GraphEdge, GraphNode } from '../format/graph-schema';

/** One change between two graphs, in words a person can follow. */
export interface GraphChange {
  kind: 'node-added' | 'node-removed' | 'node-changed' | 'edge-added' | 'edge-removed';
  nodeId?: string;
  edgeId?: string;
  /** Node label or type, for display. */
  label: string;
  /** For changed nodes: each setting that differs, with both values. */
  settings?: { key: string; before: unknown; after: unknown }[];
}

function nodeLabel(node: GraphNode): string {
  return typeof node.data.label === 'string' && node.data.label ? node.data.label : node.type;
}

function edgeKey(edge: GraphEdge): string {
  return `${edge.source}:${edge.sourceHandle ?? ''}->${edge.target}:${edge.targetHandle ?? ''}`;
}

function settingChanges(before: GraphNode, after: GraphNode) {
  const changes: { key: string; before: unknown; after: unknown }[] = [];
  if (before.type !== after.type) changes.push({ key: 'type', before: before.type, after: after.type });
  if (before.data.label !== after.data.label)
    changes.push({ key: 'label', before: before.data.label, after: after.data.label });
  const a = before.data.config ?? {};
  const b = after.data.config ?? {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
      changes.push({ key, before: a[key], after: b[key] });
  }
  return changes;
}

/** What changed from `before` to `after`: nodes and settings added, removed or changed, and edges. Positions are ignored. */
export function diffGraphs(before: Graph, after: Graph): GraphChange[] {
  const changes: GraphChange[] = [];
  const oldNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const newNodes = new Map(after.nodes.map((node) => [node.id, node]));
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) changes.push({ kind: 'node-added', nodeId: node.id, label: nodeLabel(node) });
    else {
      const settings = settingChanges(old, node);
      if (settings.length)
        changes.push({ kind: 'node-changed', nodeId: node.id, label: nodeLabel(node), settings });
    }
  }
  for (const node of before.nodes) {
    if (!newNodes.has(node.id))
      changes.push({ kind: 'node-removed', nodeId: node.id, label: nodeLabel(node) });
  }
  const name = (graph: Map<string, GraphNode>, id: string) => {
    const node = graph.get(id);
    return node ? nodeLabel(node) : id;
  };
  const oldEdges = new Set(before.edges.map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  for (const edge of after.edges) {
    if (!oldEdges.has(edgeKey(edge))) {
      changes.push({
        kind: 'edge-added',
        edgeId: edge.id,
        label: `${name(newNodes, edge.source)} → ${name(newNodes, edge.target)}`,
      });
    }
  }
  for (const edge of before.edges) {
    if (!newEdges.has(edgeKey(edge))) {
      changes.push({
        kind: 'edge-removed',
        edgeId: edge.id,
        label: `${name(oldNodes, edge.source)} → ${name(oldNodes, edge.target)}`,
      });
    }
  }
  return changes;
}
