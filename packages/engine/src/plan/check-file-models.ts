import { nodeId as toNodeId } from '../format/ids';
import type { Graph } from '../format/graph-schema';
import type { ValidEdge } from './build-plan';
import type { GraphProblem } from './problems';
import type { NodeFacts } from './validate-graph';

/**
 * Refuses a model that cannot read images where chat files reach it: a Model with its Files input
 * connected, the Model lent to an Agent whose Files input is connected, or the Model or Agent a Prompt with
 * connected Files feeds. The problem sits on the Model node, where the fix is made. Documents never
 * cause one: a model that cannot read them gets their text.
 */
export function checkFileModels(
  graph: Graph,
  facts: readonly (NodeFacts | undefined)[],
  validEdges: readonly ValidEdge[],
  problems: GraphProblem[],
): void {
  const fileTargets = new Set<number>();
  for (const edge of validEdges) if (edge.targetPort.type === 'files') fileTargets.add(edge.target);
  if (fileTargets.size === 0) return;

  /** The model nodes that answer for `index`: itself when it is a model, else the model lent to it. */
  const modelsOf = (index: number): number[] => {
    if (facts[index]?.definition.fileSupport) return [index];
    return validEdges
      .filter((edge) => edge.target === index && edge.sourcePort.type === 'model')
      .map((edge) => edge.source)
      .filter((source) => facts[source]?.definition.fileSupport !== undefined);
  };
  const models = new Set<number>();
  for (const target of fileTargets) {
    const own = modelsOf(target);
    if (own.length > 0) {
      for (const model of own) models.add(model);
      continue;
    }
    // A node without a model (a Prompt) passes the files on with its messages.
    for (const edge of validEdges) {
      if (edge.source === target && edge.sourcePort.type === 'messages')
        for (const model of modelsOf(edge.target)) models.add(model);
    }
  }
  for (const index of models) {
    const nodeFacts = facts[index]!;
    const { label, support } = nodeFacts.definition.fileSupport!(nodeFacts.config);
    if (support.images) continue;
    problems.push({
      code: 'model_cannot_read_images',
      nodeId: toNodeId(graph.nodes[index]!.id),
      message: `${label} cannot read images; pick a model that can or turn off image uploads (disconnect the chat's Files).`,
      params: { model: label },
    });
  }
}
