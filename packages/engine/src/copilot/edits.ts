import type { Graph } from '../format/graph-schema';
import type { NodeRegistry } from '../nodes/registry';
import { connect, disconnect } from './edge-edits';
import { type CopilotEdit, copilotEditSchema } from './edit-schema';
import { issuesInWords } from './edit-support';
import { addNode, type EditResult, moveNode, removeNode, setConfig } from './node-edits';

export {
  COPILOT_LIMITS,
  type CopilotEdit,
  type CopilotEditOf,
  copilotEditSchema,
} from './edit-schema';
export type { EditResult } from './node-edits';

/**
 * Applies one Copilot edit to a graph, checked against the node catalog, the node type's settings, its
 * ports and their types, ids in use, loops and the graph limits. Returns a new graph (the input is never
 * changed) or one sentence naming what is wrong: a model reads it and tries again, a person can act on it.
 * The graph may still have problems afterwards (a required input not yet connected): an edit keeps
 * every edge sound, and `validateGraph` judges the whole once the edits are done.
 */
export function applyCopilotEdit(graph: Graph, edit: CopilotEdit, registry: NodeRegistry): EditResult {
  // Edits also arrive from storage and from a model through a client: check the shape, not only the type.
  const parsed = copilotEditSchema.safeParse(edit);
  if (!parsed.success) return { ok: false, problem: `The edit is malformed: ${issuesInWords(parsed.error)}` };
  const checked = parsed.data;
  switch (checked.op) {
    case 'addNode':
      return addNode(graph, checked, registry);
    case 'connect':
      return connect(graph, checked, registry);
    case 'disconnect':
      return disconnect(graph, checked);
    case 'setConfig':
      return setConfig(graph, checked, registry);
    case 'removeNode':
      return removeNode(graph, checked);
    case 'moveNode':
      return moveNode(graph, checked);
  }
}

/** Applies edits in order; stops at the first refused one and says which (0-based) and why. */
export function applyCopilotEdits(
  graph: Graph,
  edits: readonly CopilotEdit[],
  registry: NodeRegistry,
): { ok: true; graph: Graph } | { ok: false; index: number; problem: string } {
  let current = graph;
  for (const [index, edit] of edits.entries()) {
    const result = applyCopilotEdit(current, edit, registry);
    if (!result.ok) return { ok: false, index, problem: result.problem };
    current = result.graph;
  }
  return { ok: true, graph: current };
}
