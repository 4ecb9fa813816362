import type { CompiledNode } from '../plan/compiled-plan';
import type { NodeOutputs } from '../nodes/node-definition';

/**
 * Collects a node's input values from the outputs of the nodes before it, converted to each port's type.
 * Returns undefined when the node must be skipped: all its data edges come from skipped nodes or untaken
 * branches, or a required input got nothing.
 */
export function gatherInputs(
  node: CompiledNode,
  outputs: readonly (NodeOutputs | undefined)[],
): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  let dataEdges = 0;
  let liveDataEdges = 0;
  for (const input of node.inputs) {
    let collected: unknown[] | undefined;
    let single: unknown;
    for (const edge of input.edges) {
      if (!input.resource) dataEdges++;
      const raw = outputs[edge.source]?.[edge.sourcePort];
      if (raw === undefined) continue; // source skipped or branch not taken
      if (!input.resource) liveDataEdges++;
      const value = edge.convert ? edge.convert(raw) : raw;
      if (!input.multiple) {
        if (single === undefined) single = value;
      } else if (collected) collected.push(value);
      else collected = [value];
    }
    const value = input.multiple ? collected : single;
    if (value !== undefined) values[input.port] = value;
    else if (input.required) return undefined;
  }
  return dataEdges > 0 && liveDataEdges === 0 ? undefined : values;
}
