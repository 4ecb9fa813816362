import { z } from 'zod';

/** The graph format version this engine reads and writes. */
export const GRAPH_VERSION = 1;
/** Largest graph the engine accepts, so one request cannot exhaust the server. */
export const GRAPH_LIMITS = { maxNodes: 2_000, maxEdges: 10_000, maxIdLength: 200 } as const;

const id = z.string().min(1).max(GRAPH_LIMITS.maxIdLength);
const handle = z.string().max(GRAPH_LIMITS.maxIdLength).nullish();

/** Per-node settings kept in `node.data`; `config` is validated by the node type's own schema. */
export const nodeDataSchema = z.looseObject({
  label: z.string().max(200).optional().describe('Name shown on the canvas.'),
  config: z.record(z.string(), z.unknown()).default({}).describe('Settings of this node, per its type.'),
});

/** A node in React Flow's shape; unknown React Flow fields (measured, selected...) are kept. */
export const graphNodeSchema = z.looseObject({
  id,
  type: z.string().min(1).max(100).describe('Node type id, e.g. "model".'),
  position: z.object({ x: z.number(), y: z.number() }),
  data: nodeDataSchema,
});

/** An edge in React Flow's shape: handles are port ids. */
export const graphEdgeSchema = z.looseObject({
  id,
  source: id,
  sourceHandle: handle,
  target: id,
  targetHandle: handle,
});

/** Graph file v1: `{ version: 1, nodes, edges }`. Secrets never appear here; credentials go by id. */
export const graphSchema = z
  .object({
    version: z.literal(GRAPH_VERSION),
    nodes: z.array(graphNodeSchema).max(GRAPH_LIMITS.maxNodes),
    edges: z.array(graphEdgeSchema).max(GRAPH_LIMITS.maxEdges),
  })
  .meta({ title: 'Agentry graph', description: 'An Agentry agent: a graph of nodes drawn on the canvas.' });

/** A graph document (the input shape; `data.config` may be omitted). */
export type GraphInput = z.input<typeof graphSchema>;
/** A graph document after parsing. */
export type Graph = z.output<typeof graphSchema>;
/** One node of a graph. */
export type GraphNode = z.output<typeof graphNodeSchema>;
/** One edge of a graph. */
export type GraphEdge = z.output<typeof graphEdgeSchema>;

/** The JSON Schema of the graph format (served at /api/v1/schema/graph.json). */
export function graphJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(graphSchema, { io: 'input' }) as Record<string, unknown>;
}
