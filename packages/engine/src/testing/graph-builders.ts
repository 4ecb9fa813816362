// Graph pieces for tests that build graphs inline: a node of a type with its config, and an edge between
// two ports. The engine's tests and the api's (through `@agentry/engine/testing/graph-builders`) share them.

/** A node at the origin labelled by its id. */
export const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { label: id, config },
});

/** An edge from `source`'s output port to `target`'s input port, its id naming both ends. */
export const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${sourceHandle}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** Chat Input (its message and files) → a Model with `config` → Chat Output. */
export function filesGraph(config: Record<string, unknown>) {
  return {
    version: 1,
    nodes: [node('in', 'chat-input'), node('model', 'model', config), node('out', 'chat-output')],
    edges: [
      edge('in', 'message', 'model', 'prompt'),
      edge('in', 'files', 'model', 'files'),
      edge('model', 'text', 'out', 'text'),
    ],
  };
}
