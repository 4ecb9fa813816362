import type { CompiledNode } from '../plan/compiled-plan';
import type { NodeContext, NodeOutputs } from '../nodes/node-definition';
import { NodeInputs } from '../nodes/node-inputs';
import type { CheckpointNodeState } from './checkpoint';
import type { GraphRun } from './graph-run';
import { isAsyncIterable } from './node-attempt';

/**
 * Rebuilds the resources (model, tool, memory) of a node that finished before the checkpoint: it runs
 * again silently with only its resource inputs, so a Model node makes its model without calling it, and
 * the data outputs come from the checkpoint.
 */
export async function replayNode(
  run: GraphRun,
  node: CompiledNode,
  restored: Extract<CheckpointNodeState, { status: 'done' }>,
  outputs: readonly (NodeOutputs | undefined)[],
): Promise<NodeOutputs> {
  const values: Record<string, unknown> = {};
  for (const input of node.inputs) {
    if (!input.resource) continue;
    const collected: unknown[] = [];
    for (const edge of input.edges) {
      const value = outputs[edge.source]?.[edge.sourcePort];
      if (value !== undefined) collected.push(value);
    }
    if (collected.length > 0) values[input.port] = input.multiple ? collected : collected[0];
  }
  const { setup } = run;
  const context: NodeContext<unknown> = {
    nodeId: node.id,
    config: node.config,
    signal: new AbortController().signal,
    input: setup.input,
    services: setup.services,
    budget: setup.budget,
    runSubgraph: () => Promise.reject(new Error('A node rebuilding its resources cannot run agents.')),
  };
  let result = node.definition.run(new NodeInputs(values), context);
  if (isAsyncIterable(result)) {
    let step = await result.next();
    while (!step.done) step = await result.next();
    result = step.value;
  }
  const rebuilt = await result;
  const merged: NodeOutputs = { ...restored.outputs };
  for (const port of restored.resources ?? []) merged[port] = rebuilt[port];
  return merged;
}
