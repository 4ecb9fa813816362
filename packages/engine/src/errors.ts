import type { NodeId } from './format/ids';

/** Stable error codes of the engine; clients may switch on them. */
export type EngineErrorCode =
  | 'invalid_graph'
  | 'duplicate_node_type'
  | 'unknown_node_type'
  | 'node_failed'
  | 'node_timeout'
  | 'aborted'
  | 'budget_exceeded'
  | 'provider_error'
  | 'provider_auth'
  | 'provider_not_found'
  | 'provider_rate_limited'
  | 'provider_unavailable'
  | 'credential_not_found'
  | 'agent_not_found'
  | 'depth_limit'
  | 'missing_input'
  | 'tool_error'
  | 'invalid_parameter'
  | 'queue_unavailable'
  | 'checkpoint_failed'
  /** A Model or Agent node asked for JSON fitting a schema and the model's answer did not fit. */
  | 'structured_output_mismatch'
  /** A file sent in the chat is gone, of a kind the model cannot take, or could not be turned into text. */
  | 'unreadable_file'
  /** The run's process died mid-run in a way that is unsafe to continue alone (a tool call was cut off). */
  | 'interrupted'
  /** The run was started too often: each time its process died. */
  | 'interrupted_repeatedly';

/** Base class of every error the engine raises: a stable code, an actionable message and the node. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly nodeId: NodeId | undefined;
  /** True when running the same node again may succeed (rate limits, 5xx, network). */
  readonly retryable: boolean;

  constructor(
    code: EngineErrorCode,
    message: string,
    options: { nodeId?: NodeId; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.nodeId = options.nodeId;
    this.retryable = options.retryable ?? false;
  }
}

/** A node run took longer than `nodeTimeoutMs`. */
export class NodeTimeoutError extends EngineError {
  constructor(nodeId: NodeId, timeoutMs: number) {
    super(
      'node_timeout',
      `Node "${nodeId}" did not finish within ${timeoutMs} ms. Raise nodeTimeoutMs or make the step smaller.`,
      { nodeId },
    );
    this.name = 'NodeTimeoutError';
  }
}

/** The run was cancelled by its caller. */
export class RunAbortedError extends EngineError {
  constructor(reason?: string) {
    super('aborted', reason ? `The run was cancelled: ${reason}` : 'The run was cancelled.');
    this.name = 'RunAbortedError';
  }
}

/** Which run-level budget ran out. */
export type BudgetKind = 'tokens' | 'steps' | 'duration';

/** A run-level budget (tokens, model steps or wall time) ran out. */
export class BudgetExceededError extends EngineError {
  readonly budget: BudgetKind;
  constructor(budget: BudgetKind, limit: number, nodeId?: NodeId) {
    const what = { tokens: `${limit} tokens`, steps: `${limit} model steps`, duration: `${limit} ms` }[
      budget
    ];
    super('budget_exceeded', `The run used up its budget of ${what} and was stopped.`, { nodeId });
    this.name = 'BudgetExceededError';
    this.budget = budget;
  }
}

/** Converts anything thrown into an EngineError attributed to a node. */
export function toEngineError(error: unknown, nodeId?: NodeId): EngineError {
  if (error instanceof EngineError) {
    if (error.nodeId !== undefined || nodeId === undefined) return error;
    return new EngineError(error.code, error.message, { nodeId, retryable: error.retryable, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EngineError('node_failed', message || 'The node failed without a message.', {
    nodeId,
    cause: error,
  });
}
