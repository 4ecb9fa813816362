import { edgeId as toEdgeId, nodeId as toNodeId } from '../format/ids';
import type { AnyNodeDefinition } from '../nodes/node-definition';
import type { NodeRegistry } from '../nodes/registry';
import { buildPlan, type ValidEdge } from './build-plan';
import type { CompiledPlan } from './compiled-plan';
import { findCycles, reachableFrom } from './graph-topology';
import { GRAPH_LIMITS, type Graph, graphSchema } from '../format/graph-schema';
import type { PortSpec } from '../format/port-types';
import { checkEdges } from './check-edges';
import type { GraphProblem } from './problems';
import { findSecrets } from './find-secrets';
import { checkFileModels } from './check-file-models';

/** The outcome of compiling a graph: a plan to run, or every problem found. */
export type ValidationResult =
  | { ok: true; graph: Graph; plan: CompiledPlan; problems: [] }
  | { ok: false; problems: GraphProblem[] };

/** What validation learned about one node. */
export interface NodeFacts {
  definition: AnyNodeDefinition;
  config: unknown;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

/**
 * Compiles a graph before any run: checks shape, node types, configs, edges and topology and returns
 * every problem at once, or a plan when there is none.
 */
export function validateGraph(input: unknown, registry: NodeRegistry): ValidationResult {
  const tooLarge = checkSize(input);
  if (tooLarge.length > 0) return { ok: false, problems: tooLarge };

  const parsed = graphSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 100).map((issue): GraphProblem => {
      const at = issue.path.join('.') || '(root)';
      return {
        code: 'invalid_graph_shape',
        message: `Graph file: ${issue.message} at ${at}.`,
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        params: { issue: issue.message, path: at },
      };
    });
    return { ok: false, problems };
  }
  const graph = parsed.data;
  const problems: GraphProblem[] = [];

  const indexById = new Map<string, number>();
  graph.nodes.forEach((node, index) => {
    if (indexById.has(node.id)) {
      problems.push({
        code: 'duplicate_id',
        nodeId: toNodeId(node.id),
        message: `Two nodes share the id "${node.id}". Node ids must be unique.`,
        params: { what: 'node', id: node.id },
      });
    } else indexById.set(node.id, index);
  });
  const edgeIds = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) {
      problems.push({
        code: 'duplicate_id',
        edgeId: toEdgeId(edge.id),
        message: `Two edges share the id "${edge.id}". Edge ids must be unique.`,
        params: { what: 'edge', id: edge.id },
      });
    }
    edgeIds.add(edge.id);
  }

  const facts: (NodeFacts | undefined)[] = graph.nodes.map((node) => {
    const id = toNodeId(node.id);
    for (const path of findSecrets(node.data.config)) {
      problems.push({
        code: 'secret_in_graph',
        nodeId: id,
        path,
        message: `"${path.join('.')}" on node "${node.id}" looks like a secret. Save it as a credential and reference it with credentialId.`,
        params: { path: path.join('.'), node: node.id },
      });
    }
    const definition = registry.get(node.type);
    if (!definition) {
      problems.push({
        code: 'unknown_node_type',
        nodeId: id,
        message: `Node "${node.id}" has type "${node.type}", which this version of Agentry does not know.`,
        params: { node: node.id, type: node.type },
      });
      return undefined;
    }
    const config = definition.config.safeParse(node.data.config);
    if (!config.success) {
      for (const issue of config.error.issues) {
        const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
        const name = node.data.label ?? node.id;
        const field = path.join('.') || 'config';
        problems.push({
          code: 'invalid_config',
          nodeId: id,
          path,
          message: `${definition.title} "${name}": ${field}: ${issue.message}`,
          // zod's issue text stays as it is (English); clients word the sentence around it.
          params: {
            reason: 'schema',
            nodeType: definition.type,
            title: definition.title,
            node: name,
            field,
            issue: issue.message,
          },
        });
      }
      return undefined;
    }
    return {
      definition,
      config: config.data,
      inputs: definition.inputs(config.data),
      outputs: definition.outputs(config.data),
    };
  });

  const validEdges = checkEdges(graph, indexById, facts, problems);
  checkInputs(graph, facts, validEdges, problems);
  checkFileModels(graph, facts, validEdges, problems);

  const successors = graph.nodes.map(() => [] as number[]);
  for (const edge of validEdges) {
    const next = successors[edge.source]!;
    if (!next.includes(edge.target)) next.push(edge.target);
  }
  for (const cycle of findCycles(graph.nodes.length, successors)) {
    const ids = cycle.map((index) => toNodeId(graph.nodes[index]!.id));
    problems.push({
      code: 'cycle',
      nodeId: ids[0],
      nodeIds: ids,
      message: `These nodes form a loop: ${ids.join(' → ')} → ${ids[0]}. Graphs must flow one way; use an Agent for loops.`,
      params: { nodes: ids.join(' → '), first: ids[0]! },
    });
  }
  checkTriggersAndAnswer(graph, facts, successors, problems);

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, graph, plan: buildPlan(graph, facts as NodeFacts[], validEdges), problems: [] };
}

function checkSize(input: unknown): GraphProblem[] {
  if (typeof input !== 'object' || input === null) return [];
  const { nodes, edges } = input as { nodes?: unknown; edges?: unknown };
  const problems: GraphProblem[] = [];
  if (Array.isArray(nodes) && nodes.length > GRAPH_LIMITS.maxNodes) {
    problems.push({
      code: 'graph_too_large',
      path: ['nodes'],
      message: `The graph has ${nodes.length} nodes; the limit is ${GRAPH_LIMITS.maxNodes}. Split it into agents used as tools.`,
      params: { what: 'nodes', count: nodes.length, limit: GRAPH_LIMITS.maxNodes },
    });
  }
  if (Array.isArray(edges) && edges.length > GRAPH_LIMITS.maxEdges) {
    problems.push({
      code: 'graph_too_large',
      path: ['edges'],
      message: `The graph has ${edges.length} edges; the limit is ${GRAPH_LIMITS.maxEdges}.`,
      params: { what: 'edges', count: edges.length, limit: GRAPH_LIMITS.maxEdges },
    });
  }
  return problems;
}

function checkInputs(
  graph: Graph,
  facts: readonly (NodeFacts | undefined)[],
  validEdges: readonly ValidEdge[],
  problems: GraphProblem[],
): void {
  const edgesIn = graph.nodes.map(() => new Map<string, ValidEdge[]>());
  const connectedOut = graph.nodes.map(() => new Set<string>());
  for (const edge of validEdges) {
    const list = edgesIn[edge.target]!.get(edge.targetPort.id) ?? [];
    list.push(edge);
    edgesIn[edge.target]!.set(edge.targetPort.id, list);
    connectedOut[edge.source]!.add(edge.sourcePort.id);
  }
  facts.forEach((nodeFacts, index) => {
    if (!nodeFacts) return;
    const id = toNodeId(graph.nodes[index]!.id);
    const incoming = edgesIn[index]!;
    for (const port of nodeFacts.inputs) {
      const edges = incoming.get(port.id) ?? [];
      if (edges.length === 0 && port.required) {
        problems.push({
          code: 'missing_required_input',
          nodeId: id,
          portId: port.id,
          message: `${nodeFacts.definition.title} "${id}" needs its "${port.label}" input connected.`,
          params: {
            reason: 'unconnected',
            nodeType: nodeFacts.definition.type,
            title: nodeFacts.definition.title,
            node: id,
            portId: port.id,
            port: port.label,
          },
        });
      }
      if (edges.length > 1 && !port.multiple) {
        for (const extra of edges.slice(1)) {
          problems.push({
            code: 'too_many_edges',
            nodeId: id,
            portId: port.id,
            edgeId: extra.edgeId,
            message: `Input "${port.label}" of "${id}" takes one edge but has ${edges.length}. Remove the extra ones.`,
            params: {
              nodeType: nodeFacts.definition.type,
              portId: port.id,
              port: port.label,
              node: id,
              count: edges.length,
            },
          });
        }
      }
    }
    const connections = { inputs: new Set(incoming.keys()), outputs: connectedOut[index]! };
    for (const problem of nodeFacts.definition.validate?.(nodeFacts.config, connections) ?? []) {
      problems.push({
        ...problem,
        nodeId: id,
        params: { nodeType: nodeFacts.definition.type, ...problem.params },
      });
    }
  });
}

function checkTriggersAndAnswer(
  graph: Graph,
  facts: readonly (NodeFacts | undefined)[],
  successors: readonly (readonly number[])[],
  problems: GraphProblem[],
): void {
  const triggers: number[] = [];
  const answers: number[] = [];
  facts.forEach((nodeFacts, index) => {
    if (nodeFacts?.definition.trigger) triggers.push(index);
    if (nodeFacts?.definition.collectsAnswer) answers.push(index);
  });
  if (triggers.length === 0) {
    problems.push({
      code: 'no_chat_input',
      message: 'Add a Chat Input node: it receives the user message.',
      params: {},
    });
  }
  for (const extra of triggers.slice(1)) {
    problems.push({
      code: 'multiple_chat_inputs',
      nodeId: toNodeId(graph.nodes[extra]!.id),
      message: 'A graph has one Chat Input. Remove this one or connect from the first.',
      params: {},
    });
  }
  if (triggers.length === 0) return;
  const reachable = reachableFrom(triggers, successors);
  if (!answers.some((index) => reachable.has(index))) {
    const first = answers[0];
    problems.push({
      code: 'no_output_reachable',
      nodeId: first === undefined ? undefined : toNodeId(graph.nodes[first]!.id),
      message:
        first === undefined
          ? 'Add a Chat Output node and connect it: it holds the answer.'
          : 'No path leads from the Chat Input to a Chat Output. Connect them through your nodes.',
      params: { reason: first === undefined ? 'no_output' : 'unreachable' },
    });
  }
}
