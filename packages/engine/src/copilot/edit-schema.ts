import { z } from 'zod';
import { GRAPH_LIMITS } from '../format/graph-schema';

/** Bounds of one Copilot turn: what a person may type, and what a model may do before it is stopped. */
export const COPILOT_LIMITS = {
  maxMessageChars: 4000,
  maxEditsPerTurn: 60,
  maxSteps: 24,
  maxRepairRounds: 3,
} as const;

const id = z.string().min(1).max(GRAPH_LIMITS.maxIdLength);
const handle = z.string().min(1).max(GRAPH_LIMITS.maxIdLength);
// Far beyond any canvas, but finite: a position is drawn, and zoom-to-fit must not break on it.
const coordinate = z.number().min(-1_000_000).max(1_000_000);
const position = z
  .object({ x: coordinate, y: coordinate })
  .describe('Canvas position in pixels; columns are about 320 apart, x grows to the right.');
const config = z.record(z.string().max(GRAPH_LIMITS.maxIdLength), z.unknown());

/** Adds a node; its config is checked against the node type's settings schema. */
export const addNodeEditSchema = z.object({
  op: z.literal('addNode'),
  id: id.describe('New node id: a short lowercase slug such as "memory" or "search-docs".'),
  type: z.string().min(1).max(100).describe('Node type from the catalog, e.g. "model".'),
  label: z.string().max(200).optional().describe('Name shown on the canvas. Default: the type’s title.'),
  config: config.optional().describe('Settings of the node; omitted settings take their defaults.'),
  position: position.optional(),
});

/** Connects an output port to an input port. */
export const connectEditSchema = z.object({
  op: z.literal('connect'),
  source: id.describe('Id of the node the edge leaves from.'),
  sourceHandle: handle.describe('Output port id of the source node.'),
  target: id.describe('Id of the node the edge goes to.'),
  targetHandle: handle.describe('Input port id of the target node.'),
});

/** Removes the edges from `source` to `target` (only those between the given ports, when given). */
export const disconnectEditSchema = z.object({
  op: z.literal('disconnect'),
  source: id,
  target: id,
  sourceHandle: handle.optional(),
  targetHandle: handle.optional(),
});

/** Changes settings (shallow merge; a null value removes the setting) and/or the label of a node. */
export const setConfigEditSchema = z.object({
  op: z.literal('setConfig'),
  nodeId: id,
  config: config
    .optional()
    .describe('Settings to change; the others stay. A null value removes a setting (its default applies).'),
  label: z.string().max(200).optional().describe('New name on the canvas.'),
});

/** Removes a node and every edge that touches it. */
export const removeNodeEditSchema = z.object({ op: z.literal('removeNode'), nodeId: id });

/** Moves a node on the canvas. */
export const moveNodeEditSchema = z.object({ op: z.literal('moveNode'), nodeId: id, position });

/** One change the Copilot proposes to a graph, discriminated on `op`. */
export const copilotEditSchema = z.discriminatedUnion('op', [
  addNodeEditSchema,
  connectEditSchema,
  disconnectEditSchema,
  setConfigEditSchema,
  removeNodeEditSchema,
  moveNodeEditSchema,
]);

/** One change the Copilot proposes to a graph. */
export type CopilotEdit = z.infer<typeof copilotEditSchema>;
/** The edit of one `op`. */
export type CopilotEditOf<Op extends CopilotEdit['op']> = Extract<CopilotEdit, { op: Op }>;
