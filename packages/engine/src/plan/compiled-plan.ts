import type { EdgeId, NodeId, PortId } from '../format/ids';
import type { AnyNodeDefinition } from '../nodes/node-definition';
import type { PortConversion, PortSpec } from '../format/port-types';

/** An edge as the scheduler needs it: node indices instead of ids, conversion decided ahead of time. */
export interface CompiledEdge {
  readonly edgeId: EdgeId;
  readonly source: number;
  readonly sourcePort: string;
  readonly convert: PortConversion;
}

/** A connected input port with its incoming edges. */
export interface CompiledInput {
  readonly port: PortId;
  readonly multiple: boolean;
  readonly required: boolean;
  readonly resource: boolean;
  readonly edges: readonly CompiledEdge[];
}

/** A node ready to run: parsed config, resolved definition, wiring by index. */
export interface CompiledNode {
  readonly index: number;
  readonly id: NodeId;
  readonly type: string;
  readonly label: string;
  readonly definition: AnyNodeDefinition;
  /** Config parsed once at compile time, defaults applied. */
  readonly config: unknown;
  readonly inputs: readonly CompiledInput[];
  readonly outputs: readonly PortSpec[];
  /** Distinct nodes that consume this node's outputs. */
  readonly dependents: readonly number[];
  /** Number of distinct nodes this node waits for. */
  readonly upstreamCount: number;
  /** Its text streams into the run's answer (it feeds a Chat Output directly). */
  readonly feedsAnswer: boolean;
}

/** A validated graph, ready to run any number of times. */
export interface CompiledPlan {
  readonly nodes: readonly CompiledNode[];
  readonly byId: ReadonlyMap<string, CompiledNode>;
  /** Indices of nodes whose `answer` output is the run's answer. */
  readonly answerNodes: readonly number[];
}
