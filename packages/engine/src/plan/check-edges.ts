import { edgeId as toEdgeId, nodeId as toNodeId, portId as toPortId } from '../format/ids';
import type { ValidEdge } from './build-plan';
import type { Graph } from '../format/graph-schema';
import { canConnect, type PortSpec } from '../format/port-types';
import type { GraphProblem } from './problems';
import type { NodeFacts } from './validate-graph';

function resolveHandle(
  ports: readonly PortSpec[],
  handle: string | null | undefined,
): PortSpec | 'ambiguous' | undefined {
  if (handle === null || handle === undefined || handle === '') {
    return ports.length === 1 ? ports[0] : 'ambiguous';
  }
  return ports.find((port) => port.id === handle);
}

/** Checks every edge: both nodes exist, both handles resolve to ports, and the port types connect. */
export function checkEdges(
  graph: Graph,
  indexById: ReadonlyMap<string, number>,
  facts: readonly (NodeFacts | undefined)[],
  problems: GraphProblem[],
): ValidEdge[] {
  const valid: ValidEdge[] = [];
  for (const edge of graph.edges) {
    const id = toEdgeId(edge.id);
    const source = indexById.get(edge.source);
    const target = indexById.get(edge.target);
    if (source === undefined || target === undefined) {
      const missing = source === undefined ? edge.source : edge.target;
      problems.push({
        code: 'dangling_edge',
        edgeId: id,
        message: `Edge "${edge.id}" points to node "${missing}", which is not in the graph. Delete the edge.`,
        params: { reason: 'missing_node', edge: edge.id, node: missing },
      });
      continue;
    }
    const sourceFacts = facts[source];
    const targetFacts = facts[target];
    if (!sourceFacts || !targetFacts) continue; // the node's own problem is already reported
    const sourcePort = resolveHandle(sourceFacts.outputs, edge.sourceHandle);
    const targetPort = resolveHandle(targetFacts.inputs, edge.targetHandle);
    if (sourcePort === undefined || sourcePort === 'ambiguous') {
      problems.push({
        code: 'dangling_edge',
        edgeId: id,
        nodeId: toNodeId(edge.source),
        portId: edge.sourceHandle ? toPortId(edge.sourceHandle) : undefined,
        message: sourcePort
          ? `Edge "${edge.id}" does not say which output of "${edge.source}" it leaves from.`
          : `Node "${edge.source}" has no output "${edge.sourceHandle}" (it may have been renamed). Reconnect the edge.`,
        params: sourcePort
          ? { reason: 'ambiguous_output', edge: edge.id, node: edge.source }
          : { reason: 'unknown_output', node: edge.source, port: String(edge.sourceHandle) },
      });
      continue;
    }
    if (targetPort === undefined || targetPort === 'ambiguous') {
      problems.push({
        code: 'dangling_edge',
        edgeId: id,
        nodeId: toNodeId(edge.target),
        portId: edge.targetHandle ? toPortId(edge.targetHandle) : undefined,
        message: targetPort
          ? `Edge "${edge.id}" does not say which input of "${edge.target}" it goes to.`
          : `Node "${edge.target}" has no input "${edge.targetHandle}" (it may have been renamed). Reconnect the edge.`,
        params: targetPort
          ? { reason: 'ambiguous_input', edge: edge.id, node: edge.target }
          : { reason: 'unknown_input', node: edge.target, port: String(edge.targetHandle) },
      });
      continue;
    }
    if (!canConnect(sourcePort.type, targetPort.type)) {
      problems.push({
        code: 'incompatible_edge',
        edgeId: id,
        nodeId: toNodeId(edge.target),
        portId: targetPort.id,
        message: `Cannot connect ${sourcePort.type} output "${sourcePort.label}" of "${edge.source}" to ${targetPort.type} input "${targetPort.label}" of "${edge.target}".`,
        params: {
          sourceType: sourcePort.type,
          sourceNodeType: sourceFacts.definition.type,
          sourcePortId: sourcePort.id,
          sourcePort: sourcePort.label,
          source: edge.source,
          targetType: targetPort.type,
          targetNodeType: targetFacts.definition.type,
          targetPortId: targetPort.id,
          targetPort: targetPort.label,
          target: edge.target,
        },
      });
      continue;
    }
    valid.push({ edgeId: id, source, target, sourcePort, targetPort });
  }
  return valid;
}
