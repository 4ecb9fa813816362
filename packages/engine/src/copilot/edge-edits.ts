import { GRAPH_LIMITS, type Graph, type GraphEdge } from '../format/graph-schema';
import { canConnect, PORT_COMPATIBILITY, type PortType } from '../format/port-types';
import type { NodeRegistry } from '../nodes/registry';
import type { CopilotEditOf } from './edit-schema';
import { freshEdgeId, listIds, listPorts, resolvePort, shapeOfNode, wouldLoop } from './edit-support';
import type { EditResult } from './node-edits';

function refuse(problem: string): EditResult {
  return { ok: false, problem };
}

/** Port types an output of `type` may feed, for a refusal the model can act on. */
function feeds(type: PortType): string {
  return Object.keys(PORT_COMPATIBILITY[type]).join(', ');
}

/** Adds an edge between two existing ports of compatible types, if the input is free and no loop forms. */
export function connect(graph: Graph, edit: CopilotEditOf<'connect'>, registry: NodeRegistry): EditResult {
  if (graph.edges.length >= GRAPH_LIMITS.maxEdges) {
    return refuse(`The graph already has ${GRAPH_LIMITS.maxEdges} edges, the limit.`);
  }
  const source = graph.nodes.find((node) => node.id === edit.source);
  const target = graph.nodes.find((node) => node.id === edit.target);
  if (!source) return refuse(`There is no node "${edit.source}" to connect from. Nodes: ${listIds(graph)}.`);
  if (!target) return refuse(`There is no node "${edit.target}" to connect to. Nodes: ${listIds(graph)}.`);
  if (source.id === target.id) {
    return refuse(`An edge cannot go from "${source.id}" to itself: graphs flow one way.`);
  }
  const sourceShape = shapeOfNode(source, registry);
  if (!sourceShape.ok) return sourceShape;
  const targetShape = shapeOfNode(target, registry);
  if (!targetShape.ok) return targetShape;

  const sourcePort = sourceShape.shape.outputs.find((port) => port.id === edit.sourceHandle);
  if (!sourcePort) {
    const isInput = sourceShape.shape.inputs.some((port) => port.id === edit.sourceHandle);
    const hint = isInput ? ` ("${edit.sourceHandle}" is one of its inputs; edges leave from outputs)` : '';
    return refuse(
      `Node "${source.id}" (${source.type}) has no output "${edit.sourceHandle}"${hint}. Its outputs: ${listPorts(sourceShape.shape.outputs)}.`,
    );
  }
  const targetPort = targetShape.shape.inputs.find((port) => port.id === edit.targetHandle);
  if (!targetPort) {
    const isOutput = targetShape.shape.outputs.some((port) => port.id === edit.targetHandle);
    const hint = isOutput ? ` ("${edit.targetHandle}" is one of its outputs; edges arrive at inputs)` : '';
    return refuse(
      `Node "${target.id}" (${target.type}) has no input "${edit.targetHandle}"${hint}. Its inputs: ${listPorts(targetShape.shape.inputs)}.`,
    );
  }
  if (!canConnect(sourcePort.type, targetPort.type)) {
    const fitting = targetShape.shape.inputs.filter((port) => canConnect(sourcePort.type, port.type));
    const alternative =
      fitting.length > 0
        ? ` Inputs of "${target.id}" that accept it: ${listPorts(fitting)}.`
        : ` No input of "${target.id}" accepts it.`;
    return refuse(
      `Cannot connect the ${sourcePort.type} output "${sourcePort.id}" of "${source.id}" to the ${targetPort.type} input "${targetPort.id}" of "${target.id}": a ${sourcePort.type} output feeds ${feeds(sourcePort.type)} inputs.${alternative}`,
    );
  }

  const into = graph.edges.filter(
    (edge) =>
      edge.target === target.id && resolvePort(targetShape.shape.inputs, edge.targetHandle) === targetPort,
  );
  const same = into.find(
    (edge) =>
      edge.source === source.id && resolvePort(sourceShape.shape.outputs, edge.sourceHandle) === sourcePort,
  );
  if (same) {
    return refuse(`"${source.id}".${sourcePort.id} is already connected to "${target.id}".${targetPort.id}.`);
  }
  const occupied = into[0];
  if (occupied && !targetPort.multiple) {
    return refuse(
      `Input "${targetPort.id}" of "${target.id}" already has an edge from "${occupied.source}" and takes only one. Disconnect that edge first (disconnect { source: "${occupied.source}", target: "${target.id}" }).`,
    );
  }
  if (wouldLoop(graph.edges, source.id, target.id)) {
    return refuse(
      `Connecting "${source.id}" → "${target.id}" would make a loop ("${target.id}" already leads to "${source.id}"). Graphs flow one way; an Agent does the looping.`,
    );
  }
  const edge: GraphEdge = {
    id: freshEdgeId(graph, source.id, target.id, targetPort.id),
    source: source.id,
    sourceHandle: sourcePort.id,
    target: target.id,
    targetHandle: targetPort.id,
  };
  return { ok: true, graph: { ...graph, edges: [...graph.edges, edge] } };
}

/** Whether an edge's handle matches the one the edit names (an edge without a handle uses the only port). */
function handleMatches(edgeHandle: string | null | undefined, wanted: string | undefined): boolean {
  return wanted === undefined || !edgeHandle || edgeHandle === wanted;
}

/** Removes every edge from `source` to `target` (between the given ports, when given). */
export function disconnect(graph: Graph, edit: CopilotEditOf<'disconnect'>): EditResult {
  const matches = (edge: GraphEdge) =>
    edge.source === edit.source &&
    edge.target === edit.target &&
    handleMatches(edge.sourceHandle, edit.sourceHandle) &&
    handleMatches(edge.targetHandle, edit.targetHandle);
  const edges = graph.edges.filter((edge) => !matches(edge));
  if (edges.length === graph.edges.length) {
    const leaving = graph.edges
      .filter((edge) => edge.source === edit.source)
      .map(
        (edge) => `"${edge.source}".${edge.sourceHandle ?? ''} → "${edge.target}".${edge.targetHandle ?? ''}`,
      );
    const known =
      leaving.length > 0
        ? `Edges from "${edit.source}": ${leaving.join(', ')}.`
        : `No edge leaves "${edit.source}".`;
    const ports = edit.sourceHandle || edit.targetHandle ? ' between those ports' : '';
    return refuse(`There is no edge from "${edit.source}" to "${edit.target}"${ports}. ${known}`);
  }
  return { ok: true, graph: { ...graph, edges } };
}
