import { createHttpFetcher } from '../runtime/http-fetcher';
import { runSandboxedCode } from '../tools/code-sandbox';
import type { LanguageModel } from 'ai';
import type { GraphInput } from '../format/graph-schema';
import type { ModelResource } from '../format/values';
import type {
  NodeContext,
  NodeEvent,
  NodeOutputs,
  NodeRunResult,
  NodeServices,
} from '../nodes/node-definition';
import { nodeId } from '../format/ids';
import { BudgetTracker } from '../runtime/budget';
import type { RunContext } from '../runtime/context';
import { createFixedClock, createMemoryContext, type MemoryContextOptions } from '../runtime/in-memory';
import { collectRun } from '../runtime/collect-run';
import type { EngineEvent } from '../runtime/events';
import { type RunOptions, runGraph } from '../runtime/run-graph';

/** A context whose Model nodes get mock models by model name (`config.model`). */
export function mockContext(
  models: Record<string, LanguageModel>,
  options: MemoryContextOptions = {},
): RunContext {
  return createMemoryContext({
    conversationId: 'conversation-1',
    clock: createFixedClock('2026-03-01T12:00:00Z'),
    languageModels: (request) => {
      const model = models[request.model];
      if (!model) throw new Error(`No mock model named "${request.model}" in this test.`);
      return model;
    },
    ...options,
  });
}

/** Runs a graph to the end and returns every event and the outcome. */
export function runToEnd(
  graph: GraphInput | unknown,
  context: RunContext,
  message = 'hello',
  options?: RunOptions,
) {
  return collectRun(runGraph({ graph, input: { message }, context, options }));
}

/** Event types in order, with the node id where there is one: compact to assert on. */
export function eventTrail(events: readonly EngineEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'node-end') return `node-end:${event.nodeId}:${event.status}`;
    if ('nodeId' in event && event.nodeId !== undefined && event.type !== 'run-error')
      return `${event.type}:${event.nodeId}`;
    return event.type;
  });
}

/** A NodeContext for calling one definition's run() directly. */
export function nodeContext<Config>(
  config: Config,
  overrides: Partial<NodeServices> = {},
): NodeContext<Config> {
  const {
    languageModels,
    signal: _signal,
    ...context
  } = createMemoryContext({
    conversationId: 'conversation-1',
    clock: createFixedClock('2026-03-01T12:00:00Z'),
  });
  return {
    nodeId: nodeId('node-1'),
    config,
    signal: new AbortController().signal,
    input: { message: 'hello' },
    services: {
      ...context,
      httpFetch: createHttpFetcher(),
      runCode: runSandboxedCode,
      createLanguageModel: () => {
        throw new Error(`No model in this test${languageModels ? '' : ''}.`);
      },
      ...overrides,
    },
    budget: new BudgetTracker({}),
    runSubgraph: () => Promise.reject(new Error('No sub-runs in this test.')),
  };
}

/** Runs a node's result to completion: its partial output events and its outputs. */
export async function drainNode(
  result: NodeRunResult,
): Promise<{ events: NodeEvent[]; outputs: NodeOutputs }> {
  const events: NodeEvent[] = [];
  if (typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    return { events, outputs: await (result as NodeOutputs | Promise<NodeOutputs>) };
  }
  const generator = result as AsyncGenerator<NodeEvent, NodeOutputs, void>;
  for (;;) {
    const step = await generator.next();
    if (step.done) return { events, outputs: step.value };
    events.push(step.value);
  }
}

/** A model resource around a (mock) language model. */
export function modelResource(model: LanguageModel, settings: ModelResource['settings'] = {}): ModelResource {
  return { kind: 'model', model, settings, provider: 'offline', label: 'offline/mock' };
}
