import { EngineError } from '../errors';
import type { CompiledNode } from '../plan/compiled-plan';
import { isResourcePort } from '../format/port-types';
import type { NodeOutputs } from '../nodes/node-definition';
import type { BudgetTracker } from './budget';
import type {
  AgentLoopState,
  CheckpointNodeState,
  CheckpointSink,
  ResumeAnswer,
  RunCheckpoint,
} from './checkpoint';
import type { ConversationStorage } from './context';
import type { ApprovalRequest, TokenUsage } from './events';

/** The scheduler's state at one moment, as the checkpointer needs it. */
export interface RunSnapshot {
  nodes: Record<string, CheckpointNodeState>;
  running: Record<string, boolean>;
  usage: TokenUsage;
  budget: BudgetTracker;
  partialAnswer: string;
  waiting?: ApprovalRequest;
}

/**
 * Keeps what a run carries from checkpoint to checkpoint (answers, agent loops, memory writes) and hands
 * checkpoints to the host's sink one after another. Without a sink, `save` returns at once: no cost.
 */
export class RunCheckpointer {
  readonly answers: Record<string, ResumeAnswer>;
  readonly loops: Record<string, AgentLoopState>;
  waits: number;
  private readonly memoryWrites = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    readonly runId: string,
    private readonly sink: CheckpointSink | undefined,
    readonly resumed: RunCheckpoint | undefined,
    private readonly currentSeq: () => number,
  ) {
    this.answers = { ...resumed?.answers };
    this.loops = { ...resumed?.agentLoops };
    this.waits = resumed?.waits ?? 0;
    for (const write of resumed?.memoryWrites ?? [])
      this.memoryWrites.set(write.memoryKey, write.messageCount);
  }

  /** Whether checkpoints are taken at all. */
  get enabled(): boolean {
    return this.sink !== undefined;
  }

  /** What the resumed checkpoint knows of a finished or skipped node. */
  restored(nodeId: string): CheckpointNodeState | undefined {
    return this.resumed?.nodes[nodeId];
  }

  /** Whether a node was running when the resumed checkpoint was taken and had emitted output. */
  hadEmitted(nodeId: string): boolean {
    return this.resumed?.running[nodeId] === true;
  }

  /** Counts messages Memory nodes store, so a checkpoint says what this run wrote. */
  wrapStorage(storage: ConversationStorage): ConversationStorage {
    if (!this.enabled) return storage;
    return {
      loadMessages: (request) => storage.loadMessages(request),
      appendMessages: async (request) => {
        await storage.appendMessages(request);
        const count = this.memoryWrites.get(request.memoryKey) ?? 0;
        this.memoryWrites.set(request.memoryKey, count + request.messages.length);
      },
    };
  }

  /** Builds a checkpoint now and queues it for the sink (saves happen in order). */
  save(snapshot: RunSnapshot): void {
    if (!this.sink) return;
    const spent = snapshot.budget.spent();
    const checkpoint: RunCheckpoint = {
      version: 1,
      runId: this.runId,
      // A wait's checkpoint includes the run-waiting event that follows it at once.
      seq: this.currentSeq() + (snapshot.waiting ? 1 : 0),
      nodes: snapshot.nodes,
      running: snapshot.running,
      agentLoops: { ...this.loops },
      answers: { ...this.answers },
      waits: this.waits,
      usage: { ...snapshot.usage },
      budget: spent,
      partialAnswer: snapshot.partialAnswer,
      memoryWrites: [...this.memoryWrites].map(([memoryKey, messageCount]) => ({ memoryKey, messageCount })),
      ...(snapshot.waiting ? { waiting: snapshot.waiting } : {}),
    };
    const sink = this.sink;
    this.saving = this.saving.then(async () => {
      if (this.failure) return;
      try {
        await sink.save(checkpoint);
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /** Waits for every queued checkpoint; throws when one could not be saved. */
  async flush(): Promise<void> {
    await this.saving;
    if (this.failure) {
      const reason = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new EngineError('checkpoint_failed', `The run's checkpoint could not be saved: ${reason}`);
    }
  }
}

/** A finished node as a checkpoint stores it: data outputs kept, resource ports named for rebuilding. */
export function storedNode(node: CompiledNode, outputs: NodeOutputs | undefined): CheckpointNodeState {
  const data: Record<string, unknown> = {};
  const resources: string[] = [];
  for (const port in outputs) {
    const spec = node.outputs.find((candidate) => candidate.id === port);
    if (spec && isResourcePort(spec.type)) resources.push(port);
    else data[port] = outputs[port];
  }
  return resources.length > 0
    ? { status: 'done', outputs: data, resources }
    : { status: 'done', outputs: data };
}

/** Checks that a continued run got what its checkpoint needs; returns the problem, if any. */
export function resumeProblem(
  checkpoint: RunCheckpoint,
  answer: ResumeAnswer | undefined,
): string | undefined {
  if (checkpoint.version !== 1)
    return `The checkpoint has version ${String(checkpoint.version)}; this engine reads version 1.`;
  const waiting = checkpoint.waiting;
  if (!waiting) return answer ? 'The run is not waiting for an answer; continue it without one.' : undefined;
  if (!answer) return `The run waits for an answer to request "${waiting.id}".`;
  if (answer.requestId !== waiting.id)
    return `The answer is for request "${answer.requestId}", but the run waits for "${waiting.id}".`;
  if ('timedOut' in answer) return undefined;
  if (!waiting.choices.some((choice) => choice.id === answer.choice))
    return `"${answer.choice}" is not a choice of this request; use one of: ${waiting.choices.map((choice) => choice.id).join(', ')}.`;
  for (const field of waiting.form ?? []) {
    const value = answer.form?.[field.name];
    if (value === undefined || value === '') {
      if (field.required) return `The form field "${field.name}" is required.`;
      continue;
    }
    if (field.type !== 'text' && typeof value !== field.type)
      return `The form field "${field.name}" must be a ${field.type}.`;
    if (field.type === 'text' && typeof value !== 'string')
      return `The form field "${field.name}" must be text.`;
  }
  return undefined;
}
