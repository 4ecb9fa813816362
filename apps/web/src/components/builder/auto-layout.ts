import type { XYPosition } from '@xyflow/react';

/** What the layout needs of a node: its id and size (measured, or a guess before the first paint). */
export interface LayoutNode {
  id: string;
  width?: number;
  height?: number;
}

/** An edge for layout purposes. */
export interface LayoutEdge {
  source: string;
  target: string;
}

const COLUMN_GAP = 100;
const ROW_GAP = 40;
const DEFAULT_WIDTH = 240;
const DEFAULT_HEIGHT = 120;

/**
 * A left-to-right layered layout: each node goes one column after the furthest node feeding it;
 * nodes with no inputs (models, memories, tools) sit just before the first node they feed; within a
 * column nodes are ordered by the average row of their sources to reduce crossings. Loops are broken
 * by ignoring edges that close them.
 */
export function layeredLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Map<string, XYPosition> {
  const ids = new Set(nodes.map((node) => node.id));
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const id of ids) {
    incoming.set(id, []);
    outgoing.set(id, []);
  }
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target) || edge.source === edge.target) continue;
    outgoing.get(edge.source)!.push(edge.target);
    incoming.get(edge.target)!.push(edge.source);
  }

  // Longest path from the sources, over a depth-first order that skips back edges.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const backEdges = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const next of outgoing.get(id)!) {
      const seen = state.get(next);
      if (seen === 'open') backEdges.add(`${id}->${next}`);
      else if (!seen) visit(next);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);
  order.reverse();

  const layer = new Map<string, number>();
  for (const id of order) {
    let value = 0;
    for (const source of incoming.get(id)!) {
      if (backEdges.has(`${source}->${id}`)) continue;
      value = Math.max(value, (layer.get(source) ?? 0) + 1);
    }
    layer.set(id, value);
  }
  // Pull input-less nodes next to what they feed.
  for (const id of order) {
    if (incoming.get(id)!.length > 0) continue;
    const targets = outgoing.get(id)!.map((target) => layer.get(target) ?? 0);
    if (targets.length > 0) layer.set(id, Math.max(0, Math.min(...targets) - 1));
  }

  const columns: string[][] = [];
  for (const node of nodes) {
    const index = layer.get(node.id) ?? 0;
    const column = columns[index] ?? [];
    column.push(node.id);
    columns[index] = column;
  }
  const row = new Map<string, number>();
  for (const column of columns) {
    if (!column) continue;
    for (const [index, id] of column.entries()) row.set(id, index);
  }
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const column of columns) {
      if (!column) continue;
      const weight = (id: string) => {
        const sources = incoming.get(id)!.concat(outgoing.get(id)!);
        if (sources.length === 0) return row.get(id)!;
        return sources.reduce((sum, source) => sum + (row.get(source) ?? 0), 0) / sources.length;
      };
      const weights = new Map(column.map((id) => [id, weight(id)]));
      column.sort((a, b) => weights.get(a)! - weights.get(b)!);
      for (const [index, id] of column.entries()) row.set(id, index);
    }
  }

  const size = new Map(nodes.map((node) => [node.id, node]));
  const positions = new Map<string, XYPosition>();
  const heights = columns.map((column) =>
    (column ?? []).reduce(
      (total, id, index) => total + (size.get(id)?.height ?? DEFAULT_HEIGHT) + (index > 0 ? ROW_GAP : 0),
      0,
    ),
  );
  const tallest = Math.max(0, ...heights);
  let x = 0;
  columns.forEach((column, index) => {
    if (!column) return;
    let y = (tallest - heights[index]!) / 2;
    let width = 0;
    for (const id of column) {
      const node = size.get(id);
      positions.set(id, { x: Math.round(x), y: Math.round(y) });
      y += (node?.height ?? DEFAULT_HEIGHT) + ROW_GAP;
      width = Math.max(width, node?.width ?? DEFAULT_WIDTH);
    }
    x += width + COLUMN_GAP;
  });
  return positions;
}
