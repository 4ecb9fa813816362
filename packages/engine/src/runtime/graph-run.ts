import { BudgetExceededError, EngineError, NodeTimeoutError, toEngineError } from '../errors';
import type { CompiledNode, CompiledPlan } from '../plan/compiled-plan';
import type { NodeContext, NodeEvent, NodeOutputs, NodeServices } from '../nodes/node-definition';
import { NodeInputs } from '../nodes/node-inputs';
import type { NodeRegistry } from '../nodes/registry';
import type { BudgetTracker } from './budget';
import type { RunInput } from './context';
import type { ApprovalRequest, EngineEventBody, TokenUsage } from './events';
import { gatherInputs } from './gather-inputs';
import {
  type Attempt,
  branchTaken,
  createAttempt,
  isAsyncIterable,
  isPromiseLike,
  nodeEndEvent,
} from './node-attempt';
import { previewInputs, previewOutputs, previewValue } from './preview';
import { replayNode } from './replay-node';
import type { RunCheckpointer } from './run-checkpointer';
import { storedNode } from './run-checkpointer';
import { runSubgraph } from './sub-run';
import { WaitForAnswer } from './wait';

// Node states; 0 (the array's initial value) is pending.
const RUNNING = 1;
const DONE = 2;
const SKIPPED = 3;

/** Scheduler settings, already defaulted by runGraph. */
export interface GraphRunOptions {
  nodeTimeoutMs: number;
  retry: { maxRetries: number; baseDelayMs: number };
  maxDepth: number;
}

/** Everything one execution of a plan needs. */
export interface GraphRunSetup {
  plan: CompiledPlan;
  input: RunInput;
  services: NodeServices;
  options: GraphRunOptions;
  budget: BudgetTracker;
  registry: NodeRegistry;
  emit: (event: EngineEventBody) => void;
  runId: string;
  depth: number;
  /** Checkpoints and resume state; only the top-level run has one (a sub-run lives inside its node). */
  checkpointer?: RunCheckpointer;
}

/** What a finished run produced. */
export interface GraphRunResult {
  answer: string;
  usage: TokenUsage;
  /** Set when the run stopped to wait for a person. */
  waiting?: ApprovalRequest;
}

/**
 * A dataflow scheduler: a node starts as soon as every node it depends on has finished or was skipped,
 * so independent branches run concurrently. Synchronous nodes complete inline (no promise per node).
 */
export class GraphRun {
  readonly usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
  /** Answer text streamed so far, kept when the run fails. */
  partialAnswer = '';
  private readonly waitingFor: Int32Array;
  private readonly outputs: (NodeOutputs | undefined)[];
  private readonly status: Uint8Array;
  private readonly currentAttempt: (Attempt | undefined)[];
  private waiting: ApprovalRequest | undefined;
  private readonly ready: number[] = [];
  private readyHead = 0;
  private completed = 0;
  private finished = false;
  private draining = false;
  private readonly attempts = new Set<Attempt>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private settle:
    | { resolve: (result: GraphRunResult) => void; reject: (error: EngineError) => void }
    | undefined;

  constructor(readonly setup: GraphRunSetup) {
    const { nodes } = setup.plan;
    this.waitingFor = Int32Array.from(nodes, (node) => node.upstreamCount);
    this.outputs = new Array(nodes.length);
    this.status = new Uint8Array(nodes.length);
    this.currentAttempt = new Array(nodes.length);
  }

  /** Runs every node; resolves with the answer, rejects with the first failure. */
  execute(): Promise<GraphRunResult> {
    const promise = new Promise<GraphRunResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    for (const node of this.setup.plan.nodes) if (node.upstreamCount === 0) this.ready.push(node.index);
    if (this.setup.plan.nodes.length === 0) this.finishRun();
    this.drain();
    return promise;
  }

  /** A run of another plan inside this one (sub-runs). */
  createChild(setup: GraphRunSetup): GraphRun {
    return new GraphRun(setup);
  }

  /** Adds a sub-run's tokens to this run's totals. */
  addUsage(usage: TokenUsage): void {
    this.usage.inputTokens += usage.inputTokens;
    this.usage.outputTokens += usage.outputTokens;
  }

  /** Stops the run: every running node is aborted and the run rejects with `error`. */
  cancel(error: EngineError): void {
    this.fail(error);
  }

  private emit(event: EngineEventBody): void {
    if (!this.finished) this.setup.emit(event);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    while (this.readyHead < this.ready.length && !this.finished && !this.waiting) {
      this.startNode(this.setup.plan.nodes[this.ready[this.readyHead++]!]!);
    }
    this.draining = false;
    if (this.waiting) this.finishWaiting();
  }

  private startNode(node: CompiledNode): void {
    const { checkpointer, runId } = this.setup;
    const restored = checkpointer?.restored(node.id);
    if (restored) {
      if (restored.status === 'skipped') this.complete(node, undefined, false);
      else if (!restored.resources) this.complete(node, restored.outputs, false);
      else
        replayNode(this, node, restored, this.outputs).then(
          (outputs) => !this.finished && this.complete(node, outputs, false),
          (error) => this.fail(toEngineError(error, node.id)),
        );
      return;
    }
    if (checkpointer?.hadEmitted(node.id)) this.emit({ type: 'node-restart', runId, nodeId: node.id });
    const values = gatherInputs(node, this.outputs);
    if (values) {
      this.startAttempt(node, values, 0);
      return;
    }
    this.emit(nodeEndEvent(this.setup.runId, node, 'skipped', undefined));
    this.complete(node, undefined);
  }

  private startAttempt(node: CompiledNode, values: Record<string, unknown>, attemptNumber: number): void {
    const { runId, services, input, budget } = this.setup;
    this.emit({
      type: 'node-start',
      runId,
      nodeId: node.id,
      nodeType: node.type,
      label: node.label,
      attempt: attemptNumber,
      inputs: previewInputs(values),
    });
    const attempt = createAttempt();
    const { controller } = attempt;
    this.attempts.add(attempt);
    this.status[node.index] = RUNNING;
    this.currentAttempt[node.index] = attempt;
    const checkpointer = this.setup.checkpointer;
    // An agent continuing its tool loop already spent the tokens of the steps it keeps.
    const loopUsage = checkpointer?.loops[node.id]?.usage;
    if (loopUsage) attempt.usage = { ...loopUsage };
    const context: NodeContext<unknown> = {
      answer: checkpointer?.answers[node.id],
      loopState: checkpointer?.loops[node.id],
      saveLoopState: (state) => {
        if (!checkpointer || attempt.settled) return;
        checkpointer.loops[node.id] = state;
        this.checkpoint();
      },
      nodeId: node.id,
      config: node.config,
      signal: controller.signal,
      input,
      services,
      budget,
      runSubgraph: (graph, subInput, options) =>
        runSubgraph(this, graph, subInput, options?.signal ?? controller.signal, options?.conversationId),
    };
    const onError = (error: unknown) => this.onNodeError(node, values, attemptNumber, attempt, error);
    let result: ReturnType<CompiledNode['definition']['run']>;
    try {
      result = node.definition.run(new NodeInputs(values), context);
    } catch (error) {
      onError(error);
      return;
    }
    if (isAsyncIterable(result) || isPromiseLike(result)) {
      const timeoutMs = this.setup.options.nodeTimeoutMs;
      attempt.timer = setTimeout(() => {
        const error = new NodeTimeoutError(node.id, timeoutMs);
        controller.abort(error);
        onError(error);
      }, timeoutMs);
      if (isAsyncIterable(result)) void this.consume(node, result, attempt, onError);
      else result.then((outputs) => this.onNodeDone(node, outputs, attempt), onError);
      return;
    }
    this.onNodeDone(node, result, attempt);
  }

  private async consume(
    node: CompiledNode,
    generator: AsyncGenerator<NodeEvent, NodeOutputs, void>,
    attempt: Attempt,
    onError: (error: unknown) => void,
  ): Promise<void> {
    try {
      for (;;) {
        const step = await generator.next();
        if (attempt.settled) {
          generator.return(undefined as never).catch(() => {});
          return;
        }
        if (step.done) {
          this.onNodeDone(node, step.value, attempt);
          return;
        }
        this.onNodeEvent(node, step.value, attempt);
      }
    } catch (error) {
      onError(error);
    }
  }

  private onNodeEvent(node: CompiledNode, event: NodeEvent, attempt: Attempt): void {
    const { runId } = this.setup;
    switch (event.type) {
      case 'text-delta':
        attempt.emitted = true;
        attempt.text += event.text;
        if (node.feedsAnswer) this.partialAnswer += event.text;
        this.emit({
          type: 'node-delta',
          runId,
          nodeId: node.id,
          delta: event.text,
          feedsAnswer: node.feedsAnswer,
        });
        return;
      case 'reasoning-delta':
        // Shown to a reader already: a retry would repeat it, like text.
        attempt.emitted = true;
        this.emit({
          type: 'node-reasoning',
          runId,
          nodeId: node.id,
          delta: event.text,
          feedsAnswer: node.feedsAnswer,
        });
        return;
      case 'tool-call':
        attempt.emitted = true;
        this.emit({ ...event, runId, nodeId: node.id });
        return;
      case 'tool-result':
        this.emit({ ...event, runId, nodeId: node.id });
        return;
      case 'usage': {
        attempt.usage.inputTokens += event.inputTokens;
        attempt.usage.outputTokens += event.outputTokens;
        this.usage.inputTokens += event.inputTokens;
        this.usage.outputTokens += event.outputTokens;
        const exhausted = this.setup.budget.record(event.inputTokens, event.outputTokens);
        if (exhausted) {
          const error = new BudgetExceededError(exhausted, this.setup.budget.limitOf(exhausted), node.id);
          attempt.controller.abort(error);
          this.onNodeError(node, {}, Number.POSITIVE_INFINITY, attempt, error);
        }
      }
    }
  }

  private release(attempt: Attempt): void {
    attempt.settled = true;
    if (attempt.timer !== undefined) clearTimeout(attempt.timer);
    this.attempts.delete(attempt);
  }

  private onNodeDone(node: CompiledNode, outputs: NodeOutputs, attempt: Attempt): void {
    if (attempt.settled || this.finished) return;
    this.release(attempt);
    this.emit(
      nodeEndEvent(this.setup.runId, node, 'done', attempt, {
        outputPreview: previewOutputs(node, outputs),
        branch: branchTaken(node, outputs),
      }),
    );
    this.complete(node, outputs);
  }

  private onNodeError(
    node: CompiledNode,
    values: Record<string, unknown>,
    attemptNumber: number,
    attempt: Attempt,
    thrown: unknown,
  ): void {
    if (attempt.settled || this.finished) return;
    this.release(attempt);
    if (thrown instanceof WaitForAnswer) {
      this.onNodeWaits(node, thrown);
      return;
    }
    // A node aborted because the run is stopping reports the run's reason, not its own AbortError.
    const reason = attempt.controller.signal.aborted ? attempt.controller.signal.reason : thrown;
    const error = toEngineError(reason instanceof EngineError ? reason : thrown, node.id);
    const { retry } = this.setup.options;
    if (error.retryable && !attempt.emitted && attemptNumber < retry.maxRetries) {
      const delay = retry.baseDelayMs * 2 ** attemptNumber;
      this.setup.services.logger?.warn('Retrying node after a transient error', { nodeId: node.id, delay });
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (this.finished) return;
        this.startAttempt(node, values, attemptNumber + 1);
        this.drain();
      }, delay);
      this.retryTimers.add(timer);
      return;
    }
    this.emit(
      nodeEndEvent(this.setup.runId, node, 'failed', attempt, {
        outputPreview: attempt.text ? previewValue(attempt.text) : undefined,
        error: { code: error.code, message: error.message },
      }),
    );
    this.fail(error);
  }

  /** A node asks a person: the first question wins; the others ask again when the run continues. */
  private onNodeWaits(node: CompiledNode, wait: WaitForAnswer): void {
    const checkpointer = this.setup.checkpointer;
    if (!checkpointer) {
      this.fail(
        new EngineError('invalid_parameter', 'A node asked a person, but this run cannot wait.', {
          nodeId: node.id,
        }),
      );
      return;
    }
    if (!this.waiting) {
      // The node's earlier answer is spent: the new question gets its own.
      delete checkpointer.answers[node.id];
      checkpointer.waits += 1;
      this.waiting = {
        ...wait.question,
        id: `${this.setup.runId}:wait-${checkpointer.waits}`,
        nodeId: node.id,
      };
    }
    this.drain();
  }

  /** Ends a waiting run once nothing runs any more: the checkpoint says what it waits for. */
  private finishWaiting(): void {
    if (this.finished || this.attempts.size > 0 || this.retryTimers.size > 0) return;
    this.finished = true;
    this.checkpoint(this.waiting);
    this.settle?.resolve({ answer: '', usage: this.usage, waiting: this.waiting });
  }

  /** Hands the host a checkpoint of the run as it is now. */
  private checkpoint(waiting?: ApprovalRequest): void {
    const checkpointer = this.setup.checkpointer;
    if (!checkpointer?.enabled) return;
    const nodes: Record<string, ReturnType<typeof storedNode>> = {};
    const running: Record<string, boolean> = {};
    // Tokens of work a restarted node redoes are counted again then, as if never stopped.
    const usage = { ...this.usage };
    for (const node of this.setup.plan.nodes) {
      const status = this.status[node.index];
      if (status === DONE) nodes[node.id] = storedNode(node, this.outputs[node.index]);
      else if (status === SKIPPED) nodes[node.id] = { status: 'skipped' };
      else if (status === RUNNING) {
        const attempt = this.currentAttempt[node.index];
        running[node.id] = attempt?.emitted ?? false;
        const kept = checkpointer.loops[node.id]?.usage;
        if (attempt) {
          usage.inputTokens -= attempt.usage.inputTokens - (kept?.inputTokens ?? 0);
          usage.outputTokens -= attempt.usage.outputTokens - (kept?.outputTokens ?? 0);
        }
      }
    }
    checkpointer.save({
      nodes,
      running,
      usage,
      budget: this.setup.budget,
      partialAnswer: this.partialAnswer,
      waiting,
    });
  }

  private complete(node: CompiledNode, outputs: NodeOutputs | undefined, save = true): void {
    this.outputs[node.index] = outputs;
    this.status[node.index] = outputs === undefined ? SKIPPED : DONE;
    this.currentAttempt[node.index] = undefined;
    this.completed++;
    const checkpointer = this.setup.checkpointer;
    if (checkpointer) {
      delete checkpointer.loops[node.id];
      if (save) this.checkpoint();
    }
    for (const dependent of node.dependents) {
      if (--this.waitingFor[dependent]! === 0) this.ready.push(dependent);
    }
    if (this.completed === this.setup.plan.nodes.length) this.finishRun();
    else this.drain();
  }

  private finishRun(): void {
    if (this.finished) return;
    this.finished = true;
    const parts: string[] = [];
    for (const index of this.setup.plan.answerNodes) {
      const answer = this.outputs[index]?.answer;
      if (typeof answer === 'string' && answer.length > 0) parts.push(answer);
    }
    this.settle?.resolve({ answer: parts.join('\n\n'), usage: this.usage });
  }

  private fail(error: EngineError): void {
    if (this.finished) return;
    this.finished = true;
    for (const attempt of this.attempts) {
      attempt.settled = true;
      if (attempt.timer !== undefined) clearTimeout(attempt.timer);
      attempt.controller.abort(error);
    }
    this.attempts.clear();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.settle?.reject(error);
  }
}
