import { useCallback, useSyncExternalStore } from 'react';
import { createKeyedStore } from './keyed-store';

/** Where a node is in the current preview run. */
export type NodeRunStatus = 'idle' | 'waiting' | 'running' | 'done' | 'skipped' | 'failed';

/** What the canvas shows of one node's run: status, a preview of its output, tokens, time, error. */
export interface NodeRunState {
  status: NodeRunStatus;
  /** Previews of what the node received, per input port (kept when it finishes). */
  inputs?: Record<string, string>;
  outputPreview?: string;
  usage?: { inputTokens: number; outputTokens: number };
  durationMs?: number;
  error?: { code?: string; message: string };
}

const IDLE: NodeRunState = Object.freeze({ status: 'idle' });
function sameState(a: NodeRunState, b: NodeRunState): boolean {
  return (
    a.status === b.status &&
    a.inputs === b.inputs &&
    a.outputPreview === b.outputPreview &&
    a.durationMs === b.durationMs &&
    a.usage?.inputTokens === b.usage?.inputTokens &&
    a.usage?.outputTokens === b.usage?.outputTokens &&
    a.error?.message === b.error?.message
  );
}

const store = createKeyedStore<NodeRunState>(IDLE, sameState);

/**
 * The run state of every node, fed by the preview chat (issue 5) and read by the canvas's nodes and
 * edges. One module-level store: there is one preview run at a time.
 */
export const runStateStore = {
  /** Starts a run: every given node is "waiting"; nodes not listed (or all, with []) go back to idle. */
  reset(nodeIds: readonly string[]): void {
    store.replace(new Map(nodeIds.map((id) => [id, { status: 'waiting' } as NodeRunState])));
  },
  /** Merges what the run reported about one node. A new status without fields clears the old ones. */
  update(nodeId: string, partial: Partial<NodeRunState>): void {
    const current = store.get(nodeId);
    const next: NodeRunState =
      partial.status && partial.status !== current.status
        ? { ...partial, status: partial.status }
        : { ...current, ...partial };
    // What the node received stays with it when it finishes, until the next run starts.
    if (!next.inputs && current.inputs && partial.status !== 'waiting') next.inputs = current.inputs;
    store.set(nodeId, next);
  },
  get: (nodeId: string): NodeRunState => store.get(nodeId),
  subscribe: (nodeId: string, listener: () => void) => store.subscribe(nodeId, listener),
  subscribeAll: (listener: () => void) => store.subscribeAll(listener),
};

/** Whether an edge carries data right now: its source is done and its target is running. */
export function isEdgeActive(source: NodeRunState, target: NodeRunState): boolean {
  return source.status === 'done' && target.status === 'running';
}

/** One node's run state; re-renders only when that node's state changes. */
export function useNodeRunState(nodeId: string): NodeRunState {
  const subscribe = useCallback((listener: () => void) => store.subscribe(nodeId, listener), [nodeId]);
  const get = useCallback(() => store.get(nodeId), [nodeId]);
  return useSyncExternalStore(subscribe, get, () => IDLE);
}

/** Whether the edge from `source` to `target` is active (see `isEdgeActive`). */
export function useEdgeActive(source: string, target: string): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const stopSource = store.subscribe(source, listener);
      const stopTarget = store.subscribe(target, listener);
      return () => {
        stopSource();
        stopTarget();
      };
    },
    [source, target],
  );
  const get = useCallback(() => isEdgeActive(store.get(source), store.get(target)), [source, target]);
  return useSyncExternalStore(subscribe, get, () => false);
}
