import { diffGraphs, type Graph } from '@agentry/engine/graph';
import { type FlowEdge, type FlowNode, graphToFlow, type NodeData } from '../builder/flow-graph';
import { formatSetting } from './format-setting';

/** How a node or edge differs between the two graphs; unchanged ones have none. */
export type DiffStatus = 'added' | 'removed' | 'changed';

/** One setting of a changed node, with both values. */
export interface DiffSetting {
  key: string;
  before: unknown;
  after: unknown;
}

/** What a node on a diff canvas carries besides its label and config. */
export type DiffNodeData = NodeData & { diff?: DiffStatus; diffSettings?: DiffSetting[] };

/** The diff canvas's content: `after` with statuses, plus ghosts of what `before` had and `after` lost. */
export interface MergedDiff {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/**
 * Class of a diff node's React Flow wrapper: the hover and focus group of its mark's settings card,
 * lifted above its neighbours while hovered or focused so the card is not drawn under them.
 */
export const DIFF_NODE_CLASS = 'group/diff hover:z-1000! focus-visible:z-1000!';

const STATUSES: ReadonlySet<unknown> = new Set<DiffStatus>(['added', 'removed', 'changed']);

/** The diff status a node's or edge's data carries, if any (data is open-ended, so it is checked). */
export function diffStatusOf(data: Record<string, unknown> | undefined): DiffStatus | undefined {
  const status = data?.diff;
  return STATUSES.has(status) ? (status as DiffStatus) : undefined;
}

/** The changed settings a node's data carries (empty for any other node). */
export function diffSettingsOf(data: Record<string, unknown> | undefined): readonly DiffSetting[] {
  return Array.isArray(data?.diffSettings) ? (data.diffSettings as DiffSetting[]) : [];
}

// A prefix the editor's own ids never take, made unique anyway: a graph file may hold any id.
function ghostId(id: string, taken: Set<string>): string {
  let candidate = `removed:${id}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `removed:${id}~${n}`;
  taken.add(candidate);
  return candidate;
}

/** The accessible names of a diff canvas's nodes and edges, in the page's language. */
export interface DiffWords {
  /** A node: what it is, how it differs and, when changed, how (`detail`: its changed settings). */
  node(facts: { label: string; type: string; status: DiffStatus; detail: string }): string;
  /** An edge between two nodes (their names), added or removed. */
  edge(facts: { source: string; target: string; status: 'added' | 'removed' }): string;
  /** One changed setting ("system: “a” → “b”"). */
  setting(setting: DiffSetting): string;
}

/** The English names (the engine's language; the canvas passes the page's). */
export const ENGLISH_DIFF_WORDS: DiffWords = {
  node: ({ label, type, status, detail }) => `${label} (${type}), ${status}${detail ? `: ${detail}` : ''}`,
  edge: ({ source, target, status }) => `Connection from ${source} to ${target}, ${status}`,
  setting: (setting) => formatSetting(setting),
};

// The node's accessible name: what it is, how it differs and, when changed, how (the mark is not enough).
function nodeAriaLabel(
  words: DiffWords,
  node: FlowNode,
  status: DiffStatus,
  settings: readonly DiffSetting[],
): string {
  const label = node.data.label || node.type || 'node';
  const detail = settings.map((setting) => words.setting(setting)).join('; ');
  return words.node({ label, type: node.type ?? '', status, detail });
}

function namesOf(graph: Graph): Map<string, string> {
  return new Map(graph.nodes.map((node) => [node.id, node.data.label || node.type]));
}

/**
 * Nodes and edges for drawing `before` → `after` on one canvas: every node and edge of `after` (those
 * added or changed marked so, changed nodes with their changed settings), plus ghosts of the nodes and
 * edges only `before` has, at their old positions and under ids that clash with nothing in `after`.
 * Statuses come from the engine's `diffGraphs`, so the canvas and the change list always agree
 * (positions are ignored; an edge is the same edge when it joins the same ports).
 */
export function mergeForDiff(before: Graph, after: Graph, words: DiffWords = ENGLISH_DIFF_WORDS): MergedDiff {
  const changes = diffGraphs(before, after);
  const nodeStatus = new Map<string, { diff: DiffStatus; settings?: DiffSetting[] }>();
  const addedEdges = new Set<string>();
  const removedEdges = new Set<string>();
  const removedNodes = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'node-added' && change.nodeId) nodeStatus.set(change.nodeId, { diff: 'added' });
    else if (change.kind === 'node-changed' && change.nodeId)
      nodeStatus.set(change.nodeId, { diff: 'changed', settings: change.settings ?? [] });
    else if (change.kind === 'node-removed' && change.nodeId) removedNodes.add(change.nodeId);
    else if (change.kind === 'edge-added' && change.edgeId) addedEdges.add(change.edgeId);
    else if (change.kind === 'edge-removed' && change.edgeId) removedEdges.add(change.edgeId);
  }

  const drawn = graphToFlow(after);
  const nodes: FlowNode[] = drawn.nodes.map((node) => {
    const status = nodeStatus.get(node.id);
    if (!status) return node;
    const settings = status.settings ?? [];
    return {
      ...node,
      data: { ...node.data, diff: status.diff, ...(status.settings ? { diffSettings: settings } : {}) },
      className: DIFF_NODE_CLASS,
      ariaLabel: nodeAriaLabel(words, node, status.diff, settings),
    };
  });
  const names = { added: namesOf(after), removed: namesOf(before) };
  const edgeAriaLabel = (edge: FlowEdge, status: 'added' | 'removed') => {
    const name = (id: string) => names[status].get(id) ?? id;
    return words.edge({ source: name(edge.source), target: name(edge.target), status });
  };
  const edges: FlowEdge[] = drawn.edges.map((edge) =>
    addedEdges.has(edge.id)
      ? { ...edge, data: { ...edge.data, diff: 'added' }, ariaLabel: edgeAriaLabel(edge, 'added') }
      : edge,
  );

  const afterIds = new Set(after.nodes.map((node) => node.id));
  const takenNodeIds = new Set(afterIds);
  const ghostOf = new Map<string, string>();
  const lost = graphToFlow({
    version: 1,
    nodes: before.nodes.filter((node) => removedNodes.has(node.id)),
    edges: before.edges.filter((edge) => removedEdges.has(edge.id)),
  });
  for (const node of lost.nodes) {
    const id = ghostId(node.id, takenNodeIds);
    ghostOf.set(node.id, id);
    nodes.push({
      ...node,
      id,
      data: { ...node.data, diff: 'removed' },
      className: DIFF_NODE_CLASS,
      ariaLabel: nodeAriaLabel(words, node, 'removed', []),
    });
  }

  const takenEdgeIds = new Set(after.edges.map((edge) => edge.id));
  const endpoint = (id: string) => ghostOf.get(id) ?? (afterIds.has(id) ? id : undefined);
  for (const edge of lost.edges) {
    const source = endpoint(edge.source);
    const target = endpoint(edge.target);
    // An edge of `before` to a node it never had (a broken file) has nowhere to be drawn.
    if (!source || !target) continue;
    edges.push({
      ...edge,
      id: ghostId(edge.id, takenEdgeIds),
      source,
      target,
      data: { ...edge.data, diff: 'removed' },
      ariaLabel: edgeAriaLabel(edge, 'removed'),
    });
  }
  return { nodes, edges };
}

/** How many nodes and edges of a merged diff are added, removed and changed (the legend's counts). */
export function countDiff(merged: MergedDiff): Record<DiffStatus, { nodes: number; edges: number }> {
  const counts = {
    added: { nodes: 0, edges: 0 },
    removed: { nodes: 0, edges: 0 },
    changed: { nodes: 0, edges: 0 },
  };
  for (const node of merged.nodes) {
    const status = diffStatusOf(node.data);
    if (status) counts[status].nodes++;
  }
  for (const edge of merged.edges) {
    const status = diffStatusOf(edge.data);
    if (status) counts[status].edges++;
  }
  return counts;
}

/**
 * The nodes a diff view should open framed on: the changed nodes and the ends of changed edges, or
 * every node when nothing changed.
 */
export function nodesToFrame(merged: MergedDiff): FlowNode[] {
  const wanted = new Set<string>();
  for (const node of merged.nodes) if (diffStatusOf(node.data)) wanted.add(node.id);
  for (const edge of merged.edges) {
    if (!diffStatusOf(edge.data)) continue;
    wanted.add(edge.source);
    wanted.add(edge.target);
  }
  return wanted.size === 0 ? merged.nodes : merged.nodes.filter((node) => wanted.has(node.id));
}
