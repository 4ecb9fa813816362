import type { EngineErrorCode } from '../errors';
import type { GraphProblem } from '../plan/problems';
import type { NodeId } from '../format/ids';

/** Token counts of a node or a run. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** How a node's run ended. */
export type NodeStatus = 'done' | 'skipped' | 'failed';

/** The run began; the graph was valid. */
export interface RunStartEvent {
  type: 'run-start';
  runId: string;
  conversationId: string;
  /** ISO time from the run's clock. */
  startedAt: string;
  nodeCount: number;
}

/** A node began running. */
export interface NodeStartEvent {
  type: 'node-start';
  runId: string;
  nodeId: NodeId;
  nodeType: string;
  label: string;
  /** 0 on the first attempt; 1.. on retries after a transient provider error. */
  attempt: number;
  /** Short previews of the values it received, per input port (for the trace). */
  inputs: Record<string, string>;
}

/** A chunk of text a node generated. */
export interface NodeDeltaEvent {
  type: 'node-delta';
  runId: string;
  nodeId: NodeId;
  delta: string;
  /** The node feeds a Chat Output: this text is part of the answer the user sees. */
  feedsAnswer: boolean;
}

/**
 * A chunk of a model's reasoning (its "thinking", streamed by models that share it). Never part of the
 * answer: the preview and the run details show it folded, the widget only when its owner allows it.
 */
export interface NodeReasoningEvent {
  type: 'node-reasoning';
  runId: string;
  nodeId: NodeId;
  delta: string;
  /** The node feeds a Chat Output: its reasoning belongs with the answer's message. */
  feedsAnswer: boolean;
}

/** A node finished, was skipped (branch not taken) or failed. */
export interface NodeEndEvent {
  type: 'node-end';
  runId: string;
  nodeId: NodeId;
  nodeType: string;
  status: NodeStatus;
  /** First characters of the node's main output, for the canvas. */
  outputPreview?: string;
  /** A node that routes (Condition): the branch (output port) it sent the run down. */
  branch?: string;
  usage: TokenUsage;
  durationMs: number;
  error?: { code: EngineErrorCode; message: string };
}

/** An agent called a tool. */
export interface ToolCallEvent {
  type: 'tool-call';
  runId: string;
  nodeId: NodeId;
  toolCallId: string;
  toolName: string;
  input: unknown;
}

/** A tool answered (errors are answers too: they go back to the agent as `{ error }`). */
export interface ToolResultEvent {
  type: 'tool-result';
  runId: string;
  nodeId: NodeId;
  toolCallId: string;
  toolName: string;
  output: unknown;
  isError: boolean;
  /** Set for a call that waited for a person: what they answered (a timeout counts as denied). */
  approval?: 'approved' | 'denied';
}

/** The run finished with an answer. */
export interface RunEndEvent {
  type: 'run-end';
  runId: string;
  answer: string;
  usage: TokenUsage;
  durationMs: number;
}

/** The run could not start (invalid graph) or stopped on an error; partial output is kept. */
export interface RunErrorEvent {
  type: 'run-error';
  runId: string;
  code: EngineErrorCode;
  message: string;
  nodeId?: NodeId;
  /** For invalid_graph: every problem found. */
  problems?: GraphProblem[];
  /** Answer text streamed before the error. */
  partialAnswer: string;
  usage: TokenUsage;
  durationMs: number;
}

/** What a waiting run asks: a Human approval node's question, or an Agent's tool marked "ask before running". */
export interface ApprovalRequest {
  /** Unique per wait; the answer must name it. */
  id: string;
  kind: 'approval' | 'tool';
  nodeId: NodeId;
  /** Built from the node's inputs, or "Run tool X with {…}?". */
  message: string;
  /** Approve/reject, or the buttons the builder named. */
  choices: { id: string; label: string }[];
  form?: ApprovalFormField[];
  /** For kind `tool`: the call waiting to run. */
  toolCall?: { toolCallId: string; toolName: string; input: unknown };
  /** Who may answer: an editor or key with the run scope, or that conversation's visitor. */
  audience: 'operator' | 'visitor';
  /** ISO time; the host answers `{ timedOut: true }` then. */
  timeoutAt?: string;
}

/** One short form field of an approval. */
export interface ApprovalFormField {
  name: string;
  label: string;
  type: 'text' | 'number' | 'boolean';
  required?: boolean;
}

/** The run stopped to wait for a person; its event stream ends after this (status `waiting`). */
export interface RunWaitingEvent {
  type: 'run-waiting';
  runId: string;
  request: ApprovalRequest;
  usage: TokenUsage;
  durationMs: number;
}

/** A node is run again from scratch after an interruption: UIs drop the partial text it streamed. */
export interface NodeRestartEvent {
  type: 'node-restart';
  runId: string;
  nodeId: NodeId;
}

/** An event as nodes and the scheduler build it, before runGraph numbers it. */
export type EngineEventBody =
  | RunStartEvent
  | NodeStartEvent
  | NodeDeltaEvent
  | NodeReasoningEvent
  | NodeEndEvent
  | ToolCallEvent
  | ToolResultEvent
  | RunEndEvent
  | RunErrorEvent
  | RunWaitingEvent
  | NodeRestartEvent;

/**
 * Everything a run reports, in order, as one typed union. `seq` is 1, 2, 3 … within a run; a run
 * continued from a checkpoint goes on from the checkpoint's seq.
 */
export type EngineEvent = EngineEventBody & { seq: number };
