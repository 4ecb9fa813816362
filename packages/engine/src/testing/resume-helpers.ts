import {
  type MemoryCheckpoints,
  type ResumeAnswer,
  type RunCheckpoint,
  createMemoryCheckpoints,
} from '../runtime/checkpoint';
import { collectRun } from '../runtime/collect-run';
import type { RunContext } from '../runtime/context';
import type { ApprovalRequest, EngineEvent } from '../runtime/events';
import { runGraph } from '../runtime/run-graph';

/** How a test answers each question a run asks. */
export type Answerer = (request: ApprovalRequest) => Omit<ResumeAnswer, 'requestId'>;

/** Approves every request with its first choice. */
export const approveAll: Answerer = (request) => ({ choice: request.choices[0]!.id });

/** A run driven to its end, answering every wait: all events in order and every checkpoint handed out. */
export interface DrivenRun {
  events: EngineEvent[];
  checkpoints: RunCheckpoint[];
  answer: string;
  status: 'done' | 'failed';
}

/** Runs (or continues) a graph, answering every wait, until it ends. */
export async function driveRun(options: {
  graph: unknown;
  message: string;
  context: RunContext;
  runId: string;
  answer: Answerer;
  from?: RunCheckpoint;
  sink?: MemoryCheckpoints;
}): Promise<DrivenRun> {
  const sink = options.sink ?? createMemoryCheckpoints();
  const events: EngineEvent[] = [];
  let from = options.from;
  let resumeWith: ResumeAnswer | undefined = from?.waiting
    ? ({ ...options.answer(from.waiting), requestId: from.waiting.id } as ResumeAnswer)
    : undefined;
  for (let round = 0; round < 20; round++) {
    const run = await collectRun(
      runGraph({
        graph: options.graph,
        input: { message: options.message },
        context: options.context,
        runId: options.runId,
        checkpoints: sink,
        resumeFrom: from,
        resumeWith,
      }),
    );
    events.push(...run.events);
    if (run.status !== 'waiting') {
      return { events, checkpoints: sink.all, answer: run.answer, status: run.status };
    }
    from = sink.latest(options.runId)!;
    resumeWith = { ...options.answer(run.waiting!), requestId: run.waiting!.id } as ResumeAnswer;
  }
  throw new Error('The run kept waiting after 20 answers.');
}

/**
 * The events a UI ends up showing, without timings: a node-restart (or a node started again before it
 * ended) drops what that node reported since its last start, as UIs replace a restarted node's text.
 */
export function visibleEvents(events: readonly EngineEvent[]): unknown[] {
  const kept: (EngineEvent | undefined)[] = [];
  const open = new Map<string, number>();
  const dropSince = (nodeId: string) => {
    const from = open.get(nodeId);
    if (from === undefined) return;
    for (let index = from; index < kept.length; index++) {
      const event = kept[index];
      if (event && 'nodeId' in event && event.nodeId === nodeId) kept[index] = undefined;
    }
    open.delete(nodeId);
  };
  for (const event of events) {
    if (event.type === 'node-restart') {
      dropSince(event.nodeId);
      continue;
    }
    if (event.type === 'node-start') {
      dropSince(event.nodeId);
      open.set(event.nodeId, kept.length);
    }
    if (event.type === 'node-end') open.delete(event.nodeId);
    kept.push(event);
  }
  return kept
    .filter((event): event is EngineEvent => event !== undefined)
    .map(({ seq: _seq, ...event }) => {
      const copy: Record<string, unknown> = { ...event };
      delete copy.durationMs;
      delete copy.startedAt;
      return copy;
    });
}

/**
 * visibleEvents grouped by node (run-level events under `run`), each node's text deltas joined. Nodes
 * that run side by side interleave in no fixed order, and a continued run restarts them later.
 */
export function visibleEventsByNode(events: readonly EngineEvent[]): Record<string, unknown[]> {
  const grouped: Record<string, unknown[]> = {};
  for (const event of visibleEvents(events) as { nodeId?: string; type: string; delta?: string }[]) {
    const key = event.nodeId ?? 'run';
    grouped[key] ??= [];
    const previous = grouped[key].at(-1) as typeof event | undefined;
    // A continued agent replays its earlier reasoning and text each in one piece: what counts is what
    // was said, not its chunks. Reasoning is compared as the node's whole reasoning, wherever it came.
    if (event.type === 'node-reasoning') {
      const whole = `${key}:reasoning`;
      grouped[whole] = [`${grouped[whole]?.[0] ?? ''}${event.delta}`];
      continue;
    }
    if (event.type === 'node-delta' && previous?.type === 'node-delta') {
      grouped[key][grouped[key].length - 1] = { ...previous, delta: `${previous.delta}${event.delta}` };
    } else grouped[key].push(event);
  }
  return grouped;
}
