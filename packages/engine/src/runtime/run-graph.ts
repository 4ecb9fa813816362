import { BudgetExceededError, type EngineError, RunAbortedError, toEngineError } from '../errors';
import type { CompiledPlan } from '../plan/compiled-plan';
import { type ValidationResult, validateGraph } from '../plan/validate-graph';
import { defaultNodeRegistry } from '../nodes';
import type { NodeRegistry } from '../nodes/registry';
import { BudgetTracker, type RunBudget } from './budget';
import type { RunContext, RunInput } from './context';
import { defaultLanguageModels } from './default-language-models';
import { runSandboxedCode } from '../tools/code-sandbox';
import type { HttpFetcher } from './context';
import { createHttpFetcher } from './http-fetcher';
import { EventChannel } from './event-channel';
import type { CheckpointSink, ResumeAnswer, RunCheckpoint } from './checkpoint';
import type { EngineEvent, EngineEventBody } from './events';
import { GraphRun } from './graph-run';
import { createMcpConnections, type RunMcpConnections } from '../mcp/connections';
import { RunCheckpointer, resumeProblem } from './run-checkpointer';

/** Outbound HTTP when the host sets no policy: public addresses only. */
const defaultHttpFetch: HttpFetcher = createHttpFetcher();

/** Limits and retry policy of a run. */
export interface RunOptions {
  /** Longest a single node may run (default 120 s). */
  nodeTimeoutMs?: number;
  /** Retries of a node after a transient provider error, only before it streamed anything. */
  retry?: { maxRetries?: number; baseDelayMs?: number };
  budget?: RunBudget;
  /** How deep agents may call agents (default 3). */
  maxDepth?: number;
}

/** Defaults applied to every run. */
export const DEFAULT_RUN_OPTIONS = {
  nodeTimeoutMs: 120_000,
  retry: { maxRetries: 2, baseDelayMs: 500 },
  budget: { maxSteps: 100, maxDurationMs: 10 * 60_000 } satisfies RunBudget,
  maxDepth: 3,
} as const;

/** Arguments of runGraph. */
export interface RunGraphRequest {
  /** A graph document (validated here) or its compiled plan. */
  graph: unknown;
  registry?: NodeRegistry;
  input: RunInput;
  context: RunContext;
  options?: RunOptions;
  /** Defaults to a random UUID (a continued run keeps its checkpoint's id). */
  runId?: string;
  /** Receives a checkpoint after each node ends and each agent tool-loop step (none: no checkpoints, no cost). */
  checkpoints?: CheckpointSink;
  /** Continue a run from this checkpoint: finished nodes are not run again; events go on from its seq + 1. */
  resumeFrom?: RunCheckpoint;
  /** The answer to the question a waiting checkpoint asks (required when the checkpoint is a wait). */
  resumeWith?: ResumeAnswer;
}

const compiled = new WeakMap<object, WeakMap<NodeRegistry, ValidationResult>>();

/** Validates a graph, reusing the plan when the same graph object is run again (graphs are immutable). */
export function compileGraph(graph: unknown, registry: NodeRegistry = defaultNodeRegistry): ValidationResult {
  if (typeof graph !== 'object' || graph === null) return validateGraph(graph, registry);
  let byRegistry = compiled.get(graph);
  const cached = byRegistry?.get(registry);
  if (cached) return cached;
  const result = validateGraph(graph, registry);
  if (result.ok) {
    byRegistry ??= new WeakMap();
    byRegistry.set(registry, result);
    compiled.set(graph, byRegistry);
  }
  return result;
}

/**
 * Runs a graph and reports what happens as engine events. An invalid graph never starts: the only
 * event is a run-error with code `invalid_graph` and every problem. The run starts when iteration
 * starts; stopping iteration cancels it.
 */
export function runGraph(request: RunGraphRequest): AsyncIterable<EngineEvent> {
  let run: GraphRun | undefined;
  const channel = new EventChannel<EngineEvent>(() =>
    run?.cancel(new RunAbortedError('the reader stopped listening')),
  );
  let started = false;
  let seq = request.resumeFrom?.seq ?? 0;
  const push = (event: EngineEventBody) => channel.push({ ...event, seq: ++seq } as EngineEvent);
  const start = async () => {
    const startedAt = performance.now();
    const runId = request.resumeFrom?.runId ?? request.runId ?? crypto.randomUUID();
    const { context } = request;
    const registry = request.registry ?? defaultNodeRegistry;
    const validation = compileGraph(request.graph, registry);
    const problem = request.resumeFrom && resumeProblem(request.resumeFrom, request.resumeWith);
    if (problem) {
      push({
        type: 'run-error',
        runId,
        code: 'invalid_parameter',
        message: problem,
        partialAnswer: '',
        usage: { inputTokens: 0, outputTokens: 0 },
        durationMs: performance.now() - startedAt,
      });
      channel.close();
      return;
    }
    if (!validation.ok) {
      push({
        type: 'run-error',
        runId,
        code: 'invalid_graph',
        message: `The graph has ${validation.problems.length} problem(s): ${validation.problems[0]?.message ?? ''}`,
        problems: validation.problems,
        partialAnswer: '',
        usage: { inputTokens: 0, outputTokens: 0 },
        durationMs: performance.now() - startedAt,
      });
      channel.close();
      return;
    }
    const options = request.options ?? {};
    const budget = new BudgetTracker({ ...DEFAULT_RUN_OPTIONS.budget, ...options.budget });
    const resumed = request.resumeFrom;
    const checkpointer = new RunCheckpointer(runId, request.checkpoints, resumed, () => seq);
    if (resumed) {
      budget.restore(resumed.budget);
      if (resumed.waiting && request.resumeWith)
        checkpointer.answers[resumed.waiting.nodeId] = request.resumeWith;
    }
    const mcpConnections = createMcpConnections(context.mcp, { logger: context.logger });
    run = createRun(validation.plan, request, registry, budget, runId, push, checkpointer, mcpConnections);
    if (resumed) {
      run.usage.inputTokens = resumed.usage.inputTokens;
      run.usage.outputTokens = resumed.usage.outputTokens;
      run.partialAnswer = resumed.partialAnswer;
    } else {
      push({
        type: 'run-start',
        runId,
        conversationId: context.conversationId,
        startedAt: context.clock.now().toISOString(),
        nodeCount: validation.plan.nodes.length,
      });
    }
    const current = run;
    const onAbort = () => current.cancel(new RunAbortedError(reasonText(context.signal?.reason)));
    context.signal?.addEventListener('abort', onAbort, { once: true });
    if (context.signal?.aborted) onAbort();
    const maxDurationMs = budget.limits.maxDurationMs;
    const timer =
      maxDurationMs === undefined
        ? undefined
        : setTimeout(
            () => current.cancel(new BudgetExceededError('duration', maxDurationMs)),
            Math.max(0, budget.remainingMs()),
          );
    try {
      const { waiting, ...result } = await current.execute();
      // The host must hold the last checkpoint before the reader learns the run ended or waits.
      await checkpointer.flush();
      const durationMs = performance.now() - startedAt;
      if (waiting) push({ type: 'run-waiting', runId, request: waiting, usage: result.usage, durationMs });
      else push({ type: 'run-end', runId, ...result, durationMs });
    } catch (thrown) {
      const error: EngineError = toEngineError(thrown);
      push({
        type: 'run-error',
        runId,
        code: error.code,
        message: error.message,
        nodeId: error.nodeId,
        partialAnswer: current.partialAnswer,
        usage: current.usage,
        durationMs: performance.now() - startedAt,
      });
    } finally {
      clearTimeout(timer);
      context.signal?.removeEventListener('abort', onAbort);
      // Ended, failed, cancelled or waiting: the run's MCP connections go (a continued run reconnects).
      void mcpConnections.close();
      channel.close();
    }
  };
  return {
    [Symbol.asyncIterator]() {
      if (!started) {
        started = true;
        void start();
      }
      return channel[Symbol.asyncIterator]();
    },
  };
}

function createRun(
  plan: CompiledPlan,
  request: RunGraphRequest,
  registry: NodeRegistry,
  budget: BudgetTracker,
  runId: string,
  emit: (event: EngineEventBody) => void,
  checkpointer: RunCheckpointer,
  mcpConnections: RunMcpConnections,
): GraphRun {
  const { context, input, options = {} } = request;
  const { languageModels, httpFetch, runCode, signal: _signal, mcp: _mcp, ...services } = context;
  return new GraphRun({
    plan,
    input,
    registry,
    budget,
    runId,
    emit,
    depth: 0,
    checkpointer,
    services: {
      ...services,
      storage: checkpointer.wrapStorage(services.storage),
      createLanguageModel: languageModels ?? defaultLanguageModels,
      httpFetch: httpFetch ?? defaultHttpFetch,
      runCode: runCode ?? runSandboxedCode,
      mcpConnections,
    },
    options: {
      nodeTimeoutMs: options.nodeTimeoutMs ?? DEFAULT_RUN_OPTIONS.nodeTimeoutMs,
      retry: {
        maxRetries: options.retry?.maxRetries ?? DEFAULT_RUN_OPTIONS.retry.maxRetries,
        baseDelayMs: options.retry?.baseDelayMs ?? DEFAULT_RUN_OPTIONS.retry.baseDelayMs,
      },
      maxDepth: options.maxDepth ?? DEFAULT_RUN_OPTIONS.maxDepth,
    },
  });
}

function reasonText(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  if (reason instanceof Error) return reason.name === 'AbortError' ? undefined : reason.message;
  return String(reason);
}
