import { EngineError, toEngineError } from '../errors';
import type { Graph } from '../format/graph-schema';
import { validateGraph } from '../plan/validate-graph';
import type { SubRunResult } from '../nodes/node-definition';
import type { RunInput } from './context';
import type { GraphRunResult, GraphRunSetup } from './graph-run';

/** The part of a GraphRun a sub-run needs: a way to start a child and to count its tokens. */
export interface SubRunHost {
  readonly setup: GraphRunSetup;
  createChild(setup: GraphRunSetup): { execute(): Promise<GraphRunResult>; cancel(error: EngineError): void };
  addUsage(usage: GraphRunResult['usage']): void;
}

/**
 * Runs another graph inside a node (Agent-as-tool): one level deeper, same registry, services and budget,
 * its own conversation id; its events stay inside; `signal` cancels it.
 */
export async function runSubgraph(
  host: SubRunHost,
  graph: Graph,
  input: RunInput,
  signal: AbortSignal,
  conversationId: string | undefined,
): Promise<SubRunResult> {
  const { depth, options, registry, services } = host.setup;
  if (depth + 1 > options.maxDepth) {
    throw new EngineError(
      'depth_limit',
      `Agents may call other agents ${options.maxDepth} levels deep; this call would go deeper. Check for agents that call each other.`,
    );
  }
  const validation = validateGraph(graph, registry);
  if (!validation.ok) {
    const first = validation.problems.slice(0, 3).map((problem) => problem.message);
    throw new EngineError('invalid_graph', `The called agent cannot run: ${first.join(' ')}`);
  }
  const child = host.createChild({
    ...host.setup,
    plan: validation.plan,
    input,
    depth: depth + 1,
    emit: () => {},
    checkpointer: undefined,
    services: { ...services, conversationId: conversationId ?? `${services.conversationId}/sub` },
  });
  const onAbort = () => child.cancel(toEngineError(signal.reason));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await child.execute();
    host.addUsage(result.usage);
    return { answer: result.answer, usage: { ...result.usage } };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
