import { type EdgeId, nodeId as toNodeId } from '../format/ids';
import type { CompiledInput, CompiledNode, CompiledPlan } from './compiled-plan';
import type { Graph } from '../format/graph-schema';
import { conversionFor, isResourcePort, type PortSpec } from '../format/port-types';
import type { NodeFacts } from './validate-graph';

/** An edge that passed validation, with both ports resolved. */
export interface ValidEdge {
  edgeId: EdgeId;
  source: number;
  target: number;
  sourcePort: PortSpec;
  targetPort: PortSpec;
}

/** Turns a valid graph into the index-based plan the scheduler runs without further checks. */
export function buildPlan(
  graph: Graph,
  facts: readonly NodeFacts[],
  edges: readonly ValidEdge[],
): CompiledPlan {
  const incoming = graph.nodes.map(() => new Map<string, ValidEdge[]>());
  const dependents = graph.nodes.map(() => new Set<number>());
  const upstream = graph.nodes.map(() => new Set<number>());
  const feedsAnswer = graph.nodes.map(() => false);
  for (const edge of edges) {
    const list = incoming[edge.target]!.get(edge.targetPort.id) ?? [];
    list.push(edge);
    incoming[edge.target]!.set(edge.targetPort.id, list);
    dependents[edge.source]!.add(edge.target);
    upstream[edge.target]!.add(edge.source);
    if (facts[edge.target]!.definition.collectsAnswer && !isResourcePort(edge.sourcePort.type)) {
      feedsAnswer[edge.source] = true;
    }
  }

  const nodes = graph.nodes.map((node, index): CompiledNode => {
    const nodeFacts = facts[index]!;
    const inputs: CompiledInput[] = [];
    for (const port of nodeFacts.inputs) {
      const portEdges = incoming[index]!.get(port.id);
      if (!portEdges) continue;
      inputs.push({
        port: port.id,
        multiple: port.multiple === true,
        required: port.required === true,
        resource: isResourcePort(port.type),
        edges: portEdges.map((edge) => ({
          edgeId: edge.edgeId,
          source: edge.source,
          sourcePort: edge.sourcePort.id,
          convert: conversionFor(edge.sourcePort.type, port.type),
        })),
      });
    }
    return {
      index,
      id: toNodeId(node.id),
      type: node.type,
      label: node.data.label ?? nodeFacts.definition.title,
      definition: nodeFacts.definition,
      config: nodeFacts.config,
      inputs,
      outputs: nodeFacts.outputs,
      dependents: [...dependents[index]!],
      upstreamCount: upstream[index]!.size,
      feedsAnswer: feedsAnswer[index]!,
    };
  });
  const answerNodes = nodes.filter((node) => node.definition.collectsAnswer).map((node) => node.index);
  return { nodes, byId: new Map(nodes.map((node) => [node.id, node])), answerNodes };
}
