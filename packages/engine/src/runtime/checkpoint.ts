import type { ApprovalRequest, TokenUsage } from './events';

/** The answer that continues a waiting run. */
export type ResumeAnswer =
  | { requestId: string; choice: string; form?: Record<string, unknown>; reason?: string }
  | { requestId: string; timedOut: true };

/** What the checkpoint knows of one node that finished or was skipped. */
export type CheckpointNodeState =
  /**
   * Finished. Resources (models, tools, memories) are not data: `resources` names the ports whose
   * values are rebuilt on resume by running the node again without its data inputs.
   */
  { status: 'done'; outputs: Record<string, unknown>; resources?: string[] } | { status: 'skipped' };

/** The state of an agent's tool loop after a step (its messages so far, in the AI SDK's form). */
export interface AgentLoopState {
  /** Messages the loop added after its prompt: assistant tool calls, tool results, approvals. */
  messages: unknown[];
  /** Answer text it streamed so far. */
  text: string;
  /** Reasoning the model streamed so far (replayed with the text; absent when it shared none). */
  reasoning?: string;
  steps: number;
  usage: TokenUsage;
  /** Tool calls (and their results) it reported, replayed when the node continues. */
  toolEvents: unknown[];
  /** Tool calls whose execute() failed (reported as isError). */
  failedToolCalls: string[];
  /** A call of a tool marked "ask before running" that waits for a person. */
  pending?: { toolCallId: string; toolName: string; input: unknown };
}

/**
 * Opaque, JSON-serialisable state to continue a run from; the host stores it as it is. Fields other
 * than `version`, `runId` and `seq` are the engine's own and may change between versions.
 */
export interface RunCheckpoint {
  version: 1;
  runId: string;
  /** The seq of the last event emitted before this checkpoint. */
  seq: number;
  /** Finished and skipped nodes, by node id. */
  nodes: Record<string, CheckpointNodeState>;
  /** Nodes that had started and not finished: each runs again from scratch (restarted when `true`: it had emitted output). */
  running: Record<string, boolean>;
  /** Agent tool loops between steps, by node id. */
  agentLoops: Record<string, AgentLoopState>;
  /** Answers given to earlier waits of this run, by node id (an approval node reads its own). */
  answers: Record<string, ResumeAnswer>;
  /** How many times this run has waited (numbers the request ids). */
  waits: number;
  /** Tokens used so far. */
  usage: TokenUsage;
  /** Budget spent so far: model steps and run time before this checkpoint. */
  budget: { tokens: number; steps: number; elapsedMs: number };
  /** Answer text streamed so far (kept when the continued run fails). */
  partialAnswer: string;
  /** Conversation messages Memory nodes wrote during this run (already stored by the host). */
  memoryWrites: { memoryKey: string; messageCount: number }[];
  /** Set when the run stopped to wait for a person: the question it waits on. */
  waiting?: ApprovalRequest;
}

/** Where the engine hands checkpoints: after each node ends and each step of an agent's tool loop. */
export interface CheckpointSink {
  save(checkpoint: RunCheckpoint): void | Promise<void>;
}

/** An in-memory sink keeping every checkpoint of every run (tests, the CLI, the Agent API). */
export interface MemoryCheckpoints extends CheckpointSink {
  /** Every checkpoint saved, oldest first. */
  readonly all: RunCheckpoint[];
  /** The newest checkpoint of a run. */
  latest(runId: string): RunCheckpoint | undefined;
  /** Drops a run's checkpoints (it ended). */
  forget(runId: string): void;
}

/** Creates an in-memory CheckpointSink; checkpoints are deep-copied, as a database would store them. */
export function createMemoryCheckpoints(options: { keepHistory?: boolean } = {}): MemoryCheckpoints {
  // Long-lived hosts (the Agent API) keep only each run's newest checkpoint.
  const keepHistory = options.keepHistory ?? true;
  const all: RunCheckpoint[] = [];
  const byRun = new Map<string, RunCheckpoint>();
  return {
    all,
    save(checkpoint) {
      const copy = structuredClone(checkpoint);
      if (keepHistory) all.push(copy);
      byRun.set(copy.runId, copy);
    },
    latest: (runId) => byRun.get(runId),
    forget(runId) {
      byRun.delete(runId);
      if (keepHistory)
        for (let index = all.length - 1; index >= 0; index--)
          if (all[index]!.runId === runId) all.splice(index, 1);
    },
  };
}
