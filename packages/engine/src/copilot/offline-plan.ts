import { z } from 'zod';
import type { Graph, GraphEdge, GraphNode } from '../format/graph-schema';
import type { PortSpec, PortType } from '../format/port-types';
import type { AnyNodeDefinition, ResourceKind } from '../nodes/node-definition';
import type { NodeRegistry } from '../nodes/registry';
import type { GraphProblem } from '../plan/problems';
import { graphProblems } from './describe';
import type { CopilotEdit } from './edit-schema';
import { freeSpot, type NodeShape, resolvePort, shapeOfNode } from './edit-support';
import { applyCopilotEdit } from './edits';

/** Vertical distance from a node to the resource nodes drawn under it. */
const BELOW = 220;

/**
 * The offline copilot's working copy: every change goes through `applyCopilotEdit`, exactly as a model's
 * would, so the edits it proposes replay on the client to the same graph.
 */
export class EditPlan {
  graph: Graph;
  readonly edits: CopilotEdit[] = [];
  /** Edits the checks refused, in words (the offline copilot reports them rather than guessing on). */
  readonly refused: string[] = [];
  private readonly settings = new Map<string, ReadonlySet<string>>();

  constructor(
    readonly base: Graph,
    readonly registry: NodeRegistry,
  ) {
    this.graph = base;
  }

  /** Applies an edit; false (and the reason kept) when it is refused. */
  apply(edit: CopilotEdit): boolean {
    const result = applyCopilotEdit(this.graph, edit, this.registry);
    if (!result.ok) {
      this.refused.push(result.problem);
      return false;
    }
    this.graph = result.graph;
    this.edits.push(edit);
    return true;
  }

  /** The state to go back to when a step turns out not to fit. */
  mark(): { graph: Graph; edits: number } {
    return { graph: this.graph, edits: this.edits.length };
  }

  /** Undoes everything applied since `mark`. */
  rollback(mark: { graph: Graph; edits: number }): void {
    this.graph = mark.graph;
    this.edits.length = mark.edits;
  }

  node(id: string): GraphNode | undefined {
    return this.graph.nodes.find((node) => node.id === id);
  }

  shape(node: GraphNode): NodeShape | undefined {
    const shape = shapeOfNode(node, this.registry);
    return shape.ok ? shape.shape : undefined;
  }

  /** The names of a node type's settings (from its schema, so required ones without a default count too). */
  settingNames(type: string): ReadonlySet<string> {
    let names = this.settings.get(type);
    if (!names) {
      const definition = this.registry.get(type);
      const schema = definition
        ? (z.toJSONSchema(definition.config, { io: 'input', unrepresentable: 'any' }) as {
            properties?: object;
          })
        : {};
      names = new Set(Object.keys(schema.properties ?? {}));
      this.settings.set(type, names);
    }
    return names;
  }

  definition(node: GraphNode): AnyNodeDefinition | undefined {
    return this.registry.get(node.type);
  }

  /** The node types that provide a resource (memory, tool, model). */
  providers(kind: ResourceKind): AnyNodeDefinition[] {
    return this.registry.list().filter((definition) => definition.provides === kind);
  }

  input(node: GraphNode, type: PortType): PortSpec | undefined {
    return this.shape(node)?.inputs.find((port) => port.type === type);
  }

  output(node: GraphNode, type: PortType): PortSpec | undefined {
    return this.shape(node)?.outputs.find((port) => port.type === type);
  }

  /** Edges into one input of a node (an edge without a handle counts for the node's only input). */
  edgesInto(node: GraphNode, port: PortSpec): GraphEdge[] {
    const inputs = this.shape(node)?.inputs ?? [];
    return this.graph.edges.filter(
      (edge) => edge.target === node.id && resolvePort(inputs, edge.targetHandle)?.id === port.id,
    );
  }

  /** Edges out of one output of a node. */
  edgesFrom(node: GraphNode, port: PortSpec): GraphEdge[] {
    const outputs = this.shape(node)?.outputs ?? [];
    return this.graph.edges.filter(
      (edge) => edge.source === node.id && resolvePort(outputs, edge.sourceHandle)?.id === port.id,
    );
  }

  /** The output port an edge leaves from, if it resolves. */
  sourcePort(edge: GraphEdge): PortSpec | undefined {
    const node = this.node(edge.source);
    return node ? resolvePort(this.shape(node)?.outputs ?? [], edge.sourceHandle) : undefined;
  }

  /** The input port an edge arrives at, if it resolves. */
  targetPort(edge: GraphEdge): PortSpec | undefined {
    const node = this.node(edge.target);
    return node ? resolvePort(this.shape(node)?.inputs ?? [], edge.targetHandle) : undefined;
  }

  /** Nodes with an outgoing edge from a data (not resource) output: those whose text is used. */
  producesData(node: GraphNode): boolean {
    const outputs = this.shape(node)?.outputs ?? [];
    return this.graph.edges.some((edge) => {
      if (edge.source !== node.id) return false;
      const port = resolvePort(outputs, edge.sourceHandle);
      return port !== undefined && !['model', 'memory', 'tool'].includes(port.type);
    });
  }

  /** `base`, or `base-2`, `base-3`… whichever no node has yet. */
  uniqueId(base: string): string {
    const taken = new Set(this.graph.nodes.map((node) => node.id));
    if (!taken.has(base)) return base;
    for (let counter = 2; ; counter++) if (!taken.has(`${base}-${counter}`)) return `${base}-${counter}`;
  }

  /** A free place under a node, for a resource that feeds it. */
  below(node: GraphNode): { x: number; y: number } {
    return freeSpot(this.graph, { x: node.position.x, y: node.position.y + BELOW });
  }

  problems(): GraphProblem[] {
    return graphProblems(this.graph, this.registry);
  }
}
