import type { EngineErrorCode } from '../errors';
import type { CompiledNode } from '../plan/compiled-plan';
import type { NodeEvent, NodeOutputs } from '../nodes/node-definition';
import type { NodeEndEvent, NodeStatus, TokenUsage } from './events';

/** State of one attempt at running one node (a retry is a new attempt). */
export interface Attempt {
  /** Finished, failed or abandoned: later results of the node are ignored. */
  settled: boolean;
  /** Partial output was reported; a retry would duplicate it. */
  emitted: boolean;
  usage: TokenUsage;
  text: string;
  startedAt: number;
  controller: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A fresh attempt with its own abort controller. */
export function createAttempt(): Attempt {
  return {
    settled: false,
    emitted: false,
    usage: { inputTokens: 0, outputTokens: 0 },
    text: '',
    startedAt: performance.now(),
    controller: new AbortController(),
    timer: undefined,
  };
}

/** The node-end event of a node. */
export function nodeEndEvent(
  runId: string,
  node: CompiledNode,
  status: NodeStatus,
  attempt: Attempt | undefined,
  extra: { outputPreview?: string; branch?: string; error?: { code: EngineErrorCode; message: string } } = {},
): NodeEndEvent {
  return {
    type: 'node-end',
    runId,
    nodeId: node.id,
    nodeType: node.type,
    status,
    ...extra,
    usage: attempt?.usage ?? { inputTokens: 0, outputTokens: 0 },
    durationMs: attempt ? performance.now() - attempt.startedAt : 0,
  };
}

/** The branch a routing node took: the one output it set. */
export function branchTaken(node: CompiledNode, outputs: NodeOutputs): string | undefined {
  if (!node.definition.routes) return undefined;
  return Object.keys(outputs).find((port) => outputs[port] !== undefined);
}

/** Whether run() returned an async generator of partial output. */
export function isAsyncIterable(value: unknown): value is AsyncGenerator<NodeEvent, NodeOutputs, void> {
  return typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** Whether run() returned a promise of outputs. */
export function isPromiseLike(value: unknown): value is PromiseLike<NodeOutputs> {
  return typeof (value as PromiseLike<unknown>).then === 'function';
}
