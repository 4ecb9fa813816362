import type { EdgeId, NodeId, PortId } from '../format/ids';

/** Stable codes of graph problems; the canvas maps them to highlights and help text. */
export type GraphProblemCode =
  | 'invalid_graph_shape'
  | 'graph_too_large'
  | 'duplicate_id'
  | 'unknown_node_type'
  | 'invalid_config'
  | 'secret_in_graph'
  | 'incompatible_edge'
  | 'dangling_edge'
  | 'too_many_edges'
  | 'missing_required_input'
  | 'cycle'
  | 'no_chat_input'
  | 'multiple_chat_inputs'
  | 'no_output_reachable'
  /** Chat files (images) reach a model that cannot read them. */
  | 'model_cannot_read_images';

/** One thing wrong with a graph, pointing at the node, port or edge to fix. */
export interface GraphProblem {
  code: GraphProblemCode;
  message: string;
  nodeId?: NodeId;
  portId?: PortId;
  edgeId?: EdgeId;
  /** Path inside the graph document or inside `data.config` for invalid_config. */
  path?: (string | number)[];
  /** For cycles: every node in the cycle. */
  nodeIds?: NodeId[];
  /**
   * The values `message` is made of (node, port, limit…), so a client can say the problem in its own words.
   * Where one code has several sentences, `reason` tells which. `nodeType` with `portId` names the node type
   * and port a `title`/`port` value belongs to.
   */
  params?: ProblemParams;
}

/** The values of a problem's sentence. */
export type ProblemParams = Record<string, string | number>;
