import type { Graph, GraphNode } from '../format/graph-schema';
import type { NodeRegistry } from '../nodes/registry';
import { describeProblems, graphProblems } from './describe';
import { nameOf } from './offline-changes';

/** The nodes in the order data flows: from the Chat Input onwards, then whatever is not reached. */
function inFlowOrder(graph: Graph): GraphNode[] {
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const incoming = new Map(graph.nodes.map((node) => [node.id, 0]));
  for (const edge of graph.edges) {
    if (byId.has(edge.source) && byId.has(edge.target))
      incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  }
  const byX = (a: GraphNode, b: GraphNode) => a.position.x - b.position.x || a.position.y - b.position.y;
  const ready = graph.nodes.filter((node) => incoming.get(node.id) === 0).sort(byX);
  const order: GraphNode[] = [];
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    const next: GraphNode[] = [];
    for (const edge of graph.edges) {
      if (edge.source !== node.id || !byId.has(edge.target)) continue;
      const left = (incoming.get(edge.target) ?? 0) - 1;
      incoming.set(edge.target, left);
      if (left === 0) next.push(byId.get(edge.target)!);
    }
    ready.push(...next.sort(byX));
    ready.sort(byX);
  }
  // Nodes in a loop never become ready; they are listed last, where the problems also name them.
  return [...order, ...graph.nodes.filter((node) => !order.includes(node)).sort(byX)];
}

/** The graph in words, in the order data flows, with what each node does and where it leads, and its problems. */
export function explainGraph(graph: Graph, registry: NodeRegistry): string {
  if (graph.nodes.length === 0)
    return 'The canvas is empty: describe the agent you want and I will build it.';
  const lines = inFlowOrder(graph).map((node, index) => {
    const definition = registry.get(node.type);
    const what = definition ? definition.description : `an unknown node type “${node.type}”`;
    const targets = graph.edges
      .filter((edge) => edge.source === node.id)
      .map((edge) => graph.nodes.find((candidate) => candidate.id === edge.target))
      .filter((target) => target !== undefined)
      .map(nameOf);
    const leads = targets.length > 0 ? ` → ${[...new Set(targets)].join(', ')}` : '';
    return `${index + 1}. ${nameOf(node)} (${definition?.title ?? node.type}): ${what}${leads}`;
  });
  const problems = graphProblems(graph, registry);
  const verdict =
    problems.length > 0
      ? `It cannot run yet. The problems:\n${describeProblems(problems)}\nAsk me to “fix the problems” and I will repair what can be repaired mechanically.`
      : 'It has no problems and can run. If a run still fails, the Preview shows which node failed and why (a missing credential is a common cause).';
  return `The graph, in the order data flows:\n${lines.join('\n')}\n\n${verdict}`;
}
