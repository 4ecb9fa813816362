import {
  applyCopilotEdits,
  type CopilotEdit,
  defaultNodeRegistry,
  diffGraphs,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type GraphProblem,
  type NodeRegistry,
  validateGraph,
} from '@agentry/engine/graph';
import type { CopilotProposal } from './copilot-types';

/** What accepting a proposal would do to the canvas as it is now. */
export type AcceptancePlan =
  /** Replace the canvas with `graph` (the edits applied to it, or the proposal's graph). */
  | { kind: 'apply'; graph: Graph }
  /** The canvas already holds the change (accepted before, or redone): only record it. */
  | { kind: 'already' }
  /** The canvas changed so that the edits no longer apply; `reason` says why. */
  | { kind: 'stale'; reason: StaleReason };

/** Why a proposal no longer applies to the canvas, as data for the panel to put in words. */
export type StaleReason =
  /** The edits apply, but the result would have these problems. */
  | { kind: 'problems'; problems: GraphProblem[] }
  /** An edit (when known) no longer applies: the engine's words for why. */
  | { kind: 'edit'; edit?: CopilotEdit; problem: string };

function setting(node: GraphNode, key: string): unknown {
  if (key === 'type') return node.type;
  if (key === 'label') return node.data.label;
  return node.data.config?.[key];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameEnds = (a: GraphEdge, b: GraphEdge) =>
  a.source === b.source &&
  a.target === b.target &&
  (a.sourceHandle ?? '') === (b.sourceHandle ?? '') &&
  (a.targetHandle ?? '') === (b.targetHandle ?? '');

/**
 * Whether the canvas holds every change of the proposal: its added nodes (same type) and edges (same
 * ends), its removed nodes and edges gone, its changed settings at their new values. Other edits the user
 * made meanwhile do not matter. After an undo this turns false, and the panel offers "Accept again".
 */
export function isProposalOnCanvas(current: Graph, proposal: CopilotProposal): boolean {
  const nodes = new Map(current.nodes.map((node) => [node.id, node]));
  const proposed = new Map(proposal.graph.nodes.map((node) => [node.id, node]));
  return proposal.changes.every((change) => {
    switch (change.kind) {
      case 'node-added':
        return nodes.get(change.nodeId ?? '')?.type === proposed.get(change.nodeId ?? '')?.type;
      case 'node-removed':
        return !nodes.has(change.nodeId ?? '');
      case 'node-changed': {
        const node = nodes.get(change.nodeId ?? '');
        return !!node && (change.settings ?? []).every((item) => same(setting(node, item.key), item.after));
      }
      case 'edge-added': {
        const edge = proposal.graph.edges.find((item) => item.id === change.edgeId);
        return !!edge && current.edges.some((item) => sameEnds(item, edge));
      }
      case 'edge-removed':
        return !current.edges.some((item) => item.id === change.edgeId);
    }
    return false;
  });
}

/** Whether the canvas is still the graph the proposal was made from (positions aside). */
function isBase(current: Graph, proposal: CopilotProposal): boolean {
  return same(diffGraphs(current, proposal.graph), proposal.changes);
}

/**
 * Plans an accept against the canvas now: the proposal's edits replayed on it (so the user's edits made
 * meanwhile stay), or the proposal's own graph when the canvas is still its base. The result must
 * validate: a proposal never puts a graph with problems on the canvas.
 */
export function planAcceptance(
  current: Graph,
  proposal: CopilotProposal,
  registry: NodeRegistry = defaultNodeRegistry,
): AcceptancePlan {
  if (proposal.changes.length > 0 && isProposalOnCanvas(current, proposal)) return { kind: 'already' };
  const applied = applyCopilotEdits(current, proposal.edits, registry);
  if (applied.ok) {
    const result = validateGraph(applied.graph, registry);
    if (result.ok) return { kind: 'apply', graph: applied.graph };
    if (isBase(current, proposal)) return { kind: 'apply', graph: proposal.graph };
    return { kind: 'stale', reason: { kind: 'problems', problems: result.problems } };
  }
  if (isBase(current, proposal)) return { kind: 'apply', graph: proposal.graph };
  return {
    kind: 'stale',
    reason: { kind: 'edit', edit: proposal.edits[applied.index], problem: applied.problem },
  };
}
