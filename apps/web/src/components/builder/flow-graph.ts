import type { Graph, GraphEdge, GraphNode } from '@agentry/engine/graph';
import type { Connection, Edge, Node } from '@xyflow/react';
import { nodeGeometry } from './node-geometry';

/** What a canvas node carries: the graph format's `data` (label and config). */
export type NodeData = { label?: string; config: Record<string, unknown> } & Record<string, unknown>;
/** A node on the canvas: a graph node plus React Flow's transient fields (selected, measured...). */
export type FlowNode = Node<NodeData>;
/** An edge on the canvas. */
export type FlowEdge = Edge;

/** Nodes and edges of the canvas. */
export interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

// Fields React Flow adds while editing, and the canvas's size estimates; not part of the saved graph.
const ESTIMATE_FIELDS = ['initialWidth', 'initialHeight', 'handles'] as const;
const TRANSIENT_NODE_FIELDS = new Set(['selected', 'dragging', 'measured', 'resizing', ...ESTIMATE_FIELDS]);

/** Drops the size estimates of nodes React Flow has measured (its measurements are exact). */
export function settle(nodes: FlowNode[], measuredIds?: ReadonlySet<string>): FlowNode[] {
  let changed = false;
  const settled = nodes.map((node) => {
    if (node.handles === undefined || (measuredIds ? !measuredIds.has(node.id) : !node.measured)) return node;
    changed = true;
    const { initialWidth: _width, initialHeight: _height, handles: _handles, ...rest } = node;
    return rest as FlowNode;
  });
  return changed ? settled : nodes;
}
const TRANSIENT_EDGE_FIELDS = new Set(['selected']);

function withoutFields<T extends object>(value: T, fields: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (!fields.has(key)) out[key] = field;
  return out;
}

/**
 * Canvas nodes and edges from a graph document (unknown node types stay as they are). Each node gets
 * its size and handle positions estimated, so a large graph can draw only what is in view.
 */
export function graphToFlow(graph: Graph): Snapshot {
  return {
    nodes: graph.nodes.map((node) => {
      const config = node.data.config ?? {};
      const geometry = nodeGeometry(node.type, config);
      return {
        ...node,
        data: { ...node.data, config },
        initialWidth: geometry.width,
        initialHeight: geometry.height,
        handles: geometry.handles,
      };
    }) as FlowNode[],
    edges: graph.edges.map((edge) => ({ ...edge })) as FlowEdge[],
  };
}

/** The graph document of canvas nodes and edges: React Flow's shape, minus selection and measurements. */
export function flowToGraph(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Graph {
  return {
    version: 1,
    nodes: nodes.map((node) => {
      const plain = withoutFields(node, TRANSIENT_NODE_FIELDS);
      plain.position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
      return plain as GraphNode;
    }),
    edges: edges.map((edge) => withoutFields(edge, TRANSIENT_EDGE_FIELDS) as GraphEdge),
  };
}

/** `<base>-<n>` with the smallest n not taken: readable ids for new nodes. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 150) || 'node';
  for (let n = 1; ; n++) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

/** A readable edge id for a connection, unique among `taken`. */
export function edgeIdFor(connection: Connection, taken: ReadonlySet<string>): string {
  const base =
    `e-${connection.source}-${connection.sourceHandle ?? ''}-${connection.target}-${connection.targetHandle ?? ''}`
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 180);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
