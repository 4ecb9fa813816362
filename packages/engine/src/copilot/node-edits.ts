import { canConnect } from '../format/port-types';
import { GRAPH_LIMITS, type Graph, type GraphNode } from '../format/graph-schema';
import type { NodeRegistry } from '../nodes/registry';
import { findSecrets } from '../plan/find-secrets';
import type { CopilotEditOf } from './edit-schema';
import {
  closeNames,
  freePosition,
  holdsRedacted,
  listIds,
  type NodeShape,
  REDACTED,
  resolvePort,
  shapeOf,
  shapeOfNode,
} from './edit-support';

/** What applying one edit gives: the new graph, or one sentence saying what is wrong and how to fix it. */
export type EditResult = { ok: true; graph: Graph } | { ok: false; problem: string };

function missingNode(graph: Graph, id: string): EditResult {
  return { ok: false, problem: `There is no node "${id}". Nodes: ${listIds(graph)}.` };
}

/** Refuses settings a graph must never hold: secrets, and the marker standing for one the model cannot see. */
function secretProblem(config: Record<string, unknown>, nodeId: string): string | undefined {
  if (holdsRedacted(config)) {
    return `"${REDACTED}" stands for a secret you cannot see on node "${nodeId}"; leave that setting out of the edit.`;
  }
  const paths = findSecrets(config).map((path) => `"${path.join('.')}"`);
  if (paths.length === 0) return undefined;
  return `${paths.join(', ')} on node "${nodeId}" looks like a secret, and graphs never hold secrets: reference a stored credential by its id in "credentialId" instead.`;
}

/** Adds a node with its type's defaults for every setting not given, at a free place unless one is given. */
export function addNode(graph: Graph, edit: CopilotEditOf<'addNode'>, registry: NodeRegistry): EditResult {
  if (graph.nodes.length >= GRAPH_LIMITS.maxNodes) {
    return { ok: false, problem: `The graph already has ${GRAPH_LIMITS.maxNodes} nodes, the limit.` };
  }
  if (graph.nodes.some((node) => node.id === edit.id)) {
    return {
      ok: false,
      problem: `A node with the id "${edit.id}" already exists. Pick another id, or change that node with setConfig.`,
    };
  }
  const definition = registry.get(edit.type);
  if (!definition) {
    const types = registry.list().map((entry) => entry.type);
    const close = closeNames(edit.type, types);
    const hint = close.length > 0 ? ` Did you mean ${close.map((type) => `"${type}"`).join(' or ')}?` : '';
    return {
      ok: false,
      problem: `There is no node type "${edit.type}".${hint} Node types: ${types.join(', ')}.`,
    };
  }
  const secret = edit.config ? secretProblem(edit.config, edit.id) : undefined;
  if (secret) return { ok: false, problem: secret };
  const parsed = shapeOf(
    definition,
    edit.config ?? {},
    `The config of the new ${edit.type} node "${edit.id}"`,
  );
  if (!parsed.ok) return parsed;
  const node: GraphNode = {
    id: edit.id,
    type: edit.type,
    position: edit.position ? { ...edit.position } : freePosition(graph),
    // Every setting spelled out, as a node dropped from the palette has them, so the form shows them all.
    data: {
      label: edit.label || definition.title,
      config: structuredClone(parsed.config) as GraphNode['data']['config'],
    },
  };
  return { ok: true, graph: { ...graph, nodes: [...graph.nodes, node] } };
}

/** Merges settings into a node; refuses a change that would strand one of its edges. */
export function setConfig(
  graph: Graph,
  edit: CopilotEditOf<'setConfig'>,
  registry: NodeRegistry,
): EditResult {
  const index = graph.nodes.findIndex((node) => node.id === edit.nodeId);
  const node = graph.nodes[index];
  if (!node) return missingNode(graph, edit.nodeId);
  const patch = edit.config ?? {};
  if (Object.keys(patch).length === 0 && edit.label === undefined) {
    return { ok: false, problem: `The edit of node "${node.id}" changes nothing: give "config" or "label".` };
  }
  const definition = registry.get(node.type);
  if (!definition) return shapeOfNode(node, registry) as EditResult;
  const secret = secretProblem(patch, node.id);
  if (secret) return { ok: false, problem: secret };

  const config: Record<string, unknown> = { ...node.data.config };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete config[key];
    else config[key] = structuredClone(value);
  }
  const after = shapeOf(definition, config, `The config of ${definition.title} "${node.id}"`);
  if (!after.ok) return after;
  const before = shapeOfNode(node, registry);
  if (before.ok) {
    const stranded = strandedEdge(graph, node.id, before.shape, after.shape, registry);
    if (stranded) return { ok: false, problem: stranded };
  }

  const data = { ...node.data, config };
  if (edit.label !== undefined) {
    if (edit.label === '') delete data.label;
    else data.label = edit.label;
  }
  const nodes = [...graph.nodes];
  nodes[index] = { ...node, data };
  return { ok: true, graph: { ...graph, nodes } };
}

/** The first edge of the node that its old ports held and its new ports no longer do, in words. */
function strandedEdge(
  graph: Graph,
  nodeId: string,
  before: NodeShape,
  after: NodeShape,
  registry: NodeRegistry,
): string | undefined {
  for (const edge of graph.edges) {
    const outgoing = edge.source === nodeId;
    if (!outgoing && edge.target !== nodeId) continue;
    const handle = outgoing ? edge.sourceHandle : edge.targetHandle;
    const side = outgoing ? 'outputs' : 'inputs';
    if (!resolvePort(before[side], handle)) continue; // already broken before this change
    const port = resolvePort(after[side], handle);
    const other = outgoing ? edge.target : edge.source;
    const disconnect = `disconnect { source: "${edge.source}", target: "${edge.target}" }`;
    if (!port) {
      return `That change removes the ${outgoing ? 'output' : 'input'} "${handle}" of "${nodeId}", which has an edge ${outgoing ? 'to' : 'from'} "${other}". Disconnect it first (${disconnect}) or keep the setting.`;
    }
    const otherNode = graph.nodes.find((candidate) => candidate.id === other);
    const otherShape = otherNode ? shapeOfNode(otherNode, registry) : undefined;
    if (!otherShape?.ok) continue;
    const otherPort = resolvePort(
      outgoing ? otherShape.shape.inputs : otherShape.shape.outputs,
      outgoing ? edge.targetHandle : edge.sourceHandle,
    );
    if (!otherPort) continue;
    const fits = outgoing ? canConnect(port.type, otherPort.type) : canConnect(otherPort.type, port.type);
    if (!fits) {
      return `That change makes "${handle}" of "${nodeId}" a ${port.type} port, which cannot stay connected to the ${otherPort.type} port "${otherPort.id}" of "${other}". Disconnect it first (${disconnect}).`;
    }
  }
  return undefined;
}

/** Removes a node and its edges. */
export function removeNode(graph: Graph, edit: CopilotEditOf<'removeNode'>): EditResult {
  if (!graph.nodes.some((node) => node.id === edit.nodeId)) return missingNode(graph, edit.nodeId);
  return {
    ok: true,
    graph: {
      ...graph,
      nodes: graph.nodes.filter((node) => node.id !== edit.nodeId),
      edges: graph.edges.filter((edge) => edge.source !== edit.nodeId && edge.target !== edit.nodeId),
    },
  };
}

/** Moves a node. */
export function moveNode(graph: Graph, edit: CopilotEditOf<'moveNode'>): EditResult {
  const index = graph.nodes.findIndex((node) => node.id === edit.nodeId);
  const node = graph.nodes[index];
  if (!node) return missingNode(graph, edit.nodeId);
  const nodes = [...graph.nodes];
  nodes[index] = { ...node, position: { ...edit.position } };
  return { ok: true, graph: { ...graph, nodes } };
}
