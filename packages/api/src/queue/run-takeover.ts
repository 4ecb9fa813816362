import { runs } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import type { ApprovalRequest, EngineEvent, NodeId, ResumeAnswer, RunCheckpoint } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { expandStoredEvent, readStoredEvents } from '../services/run-events';
import { runJournal } from '../services/run-journal';
import { MAX_RUN_ATTEMPTS } from '../services/run-recovery';
import type { PreparedRun } from '../services/runs';

/** What a worker does with a run it takes after the execution that had it stopped mid-way. */
export interface Takeover {
  /** Events to put on the run's stream now (already stored in the database). */
  events: EngineEvent[];
  /** The run to execute from here (absent: the run is settled, nothing more to execute). */
  continueWith?: PreparedRun;
}

/**
 * A checkpoint from before the first node: continuing from it runs the graph from the start without a
 * second `run-start` (the stream has the first one). For runs stopped before their first checkpoint was
 * written; the fields are the engine's RunCheckpoint (version 1) at its start.
 */
function startCheckpoint(runId: string): RunCheckpoint {
  return {
    version: 1,
    runId,
    seq: 0,
    nodes: {},
    running: {},
    agentLoops: {},
    answers: {},
    waits: 0,
    usage: { inputTokens: 0, outputTokens: 0 },
    budget: { tokens: 0, steps: 0, elapsedMs: 0 },
    partialAnswer: '',
    memoryWrites: [],
  };
}

/** A tool call among `events` that has no result: it may have acted when its execution stopped. */
function toolCallInFlight(events: EngineEvent[]): { toolName: string; nodeId: string } | undefined {
  const open = new Map<string, { toolName: string; nodeId: string }>();
  for (const event of events) {
    if (event.type === 'tool-call')
      open.set(event.toolCallId, { toolName: event.toolName, nodeId: event.nodeId });
    if (event.type === 'tool-result') open.delete(event.toolCallId);
  }
  return open.values().next().value;
}

/**
 * Decides how a worker goes on with a run whose earlier execution stopped (a worker killed mid-run):
 * events already on its stream (`streamEvents`) keep their numbers and new ones follow the last one. Like
 * recovery at start in one process: the run continues from its latest checkpoint (a node that had
 * streamed text after it runs again, announced by `node-restart` so readers drop that text); a run whose
 * checkpoint is a wait waits; a run with a tool call in flight becomes `interrupted` (the tool may have
 * acted: a person resumes it); a run started MAX_RUN_ATTEMPTS times fails. Claims the run with one
 * conditional update of its attempts, so two workers cannot both continue it.
 */
export async function planTakeover(
  runtime: Runtime,
  prepared: PreparedRun,
  streamEvents: EngineEvent[],
): Promise<Takeover> {
  const { runId } = prepared;
  const [row] = await runtime.db
    .select({
      status: runs.status,
      attempts: runs.attempts,
      lastSeq: runs.lastSeq,
      checkpoint: runs.checkpoint,
    })
    .from(runs)
    .where(eq(runs.id, runId));
  if (!row) return { events: [] };
  const lastStreamSeq = streamEvents.at(-1)?.seq ?? 0;
  // The stopped execution may have stored events it did not get to stream: new numbers follow both.
  const storedAfter = (await readStoredEvents(runtime, runId, lastStreamSeq)).flatMap((stored) =>
    expandStoredEvent(stored, lastStreamSeq).filter((event) => event.seq > lastStreamSeq),
  );
  const lastSeq = Math.max(lastStreamSeq, storedAfter.at(-1)?.seq ?? 0);
  if (row.status !== 'running') {
    // Its outcome was written just before its execution stopped: readers get the rest from storage.
    return { events: storedAfter };
  }
  const checkpoint = (row.checkpoint as RunCheckpoint | null) ?? startCheckpoint(runId);
  /** Numbers a host event after the run's last one (`offset` 2 for the second of several). */
  const event = (body: DistributiveOmit<EngineEvent, 'seq'>, offset = 1) =>
    ({ ...body, seq: lastSeq + offset }) as EngineEvent;
  const settle = async (status: string, set: Partial<typeof runs.$inferInsert>, ending: EngineEvent) => {
    const updated = await runtime.db
      .update(runs)
      .set({ status, lastSeq: ending.seq, ...set })
      .where(and(eq(runs.id, runId), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    if (updated.length === 0) return { events: [] };
    await runJournal(runtime).appendEvents({
      runId,
      events: [{ seq: ending.seq, event: withoutSeq(ending) }],
    });
    return { events: [...storedAfter, ending] };
  };
  const failure = (code: 'interrupted' | 'interrupted_repeatedly', message: string) =>
    event({
      type: 'run-error',
      runId,
      code,
      message,
      partialAnswer: checkpoint.partialAnswer,
      usage: checkpoint.usage,
      durationMs: 0,
    });

  if (row.attempts >= MAX_RUN_ATTEMPTS) {
    const message = `A worker stopped during this run ${row.attempts} times; it was not started again.`;
    return settle(
      'failed',
      { error: { code: 'interrupted_repeatedly', message }, endedAt: new Date() },
      failure('interrupted_repeatedly', message),
    );
  }
  let answer: ResumeAnswer | undefined;
  if (checkpoint.waiting) {
    const given = prepared.resume?.answer;
    // The answered wait is still the latest checkpoint: the answer's execution stopped before the next.
    if (given && given.requestId === checkpoint.waiting.id) answer = given;
    else {
      const request: ApprovalRequest = checkpoint.waiting;
      return settle(
        'waiting',
        { pending: request },
        event({ type: 'run-waiting', runId, request, usage: checkpoint.usage, durationMs: 0 }),
      );
    }
  }
  // The checkpoint's own number among the run's events (runs.last_seq is written with it).
  const checkpointSeq = row.checkpoint ? row.lastSeq : 0;
  const since = [...streamEvents.filter((candidate) => candidate.seq > checkpointSeq), ...storedAfter];
  const inFlight = toolCallInFlight(since);
  if (inFlight) {
    const message = `The worker stopped while the tool "${inFlight.toolName}" was running. It may have acted already, so the run was not continued on its own; resume it to run the rest (the tool runs again).`;
    return settle(
      'interrupted',
      { error: { code: 'interrupted', message, nodeId: inFlight.nodeId } },
      failure('interrupted', message),
    );
  }
  const claimed = await runtime.db
    .update(runs)
    .set({ attempts: sql`${runs.attempts} + 1` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running'), eq(runs.attempts, row.attempts)))
    .returning({ id: runs.id });
  if (claimed.length === 0) return { events: [] };
  // Nodes that streamed text after the checkpoint run again; the engine announces those it knew of.
  const restarted = new Set<string>();
  for (const candidate of since)
    if (candidate.type === 'node-delta' && checkpoint.running[candidate.nodeId] !== true)
      restarted.add(candidate.nodeId);
  const restarts = [...restarted].map((nodeId, index) =>
    event({ type: 'node-restart', runId, nodeId: nodeId as NodeId }, index + 1),
  );
  if (restarts.length > 0)
    await runJournal(runtime).appendEvents({
      runId,
      events: restarts.map((restart) => ({ seq: restart.seq, event: withoutSeq(restart) })),
    });
  return {
    events: [...storedAfter, ...restarts],
    continueWith: {
      ...prepared,
      resume: { checkpoint, answer, seqOffset: lastSeq + restarts.length - checkpoint.seq },
    },
  };
}

/** Omit over each member of a union (a plain Omit merges the members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function withoutSeq(event: EngineEvent): unknown {
  const { seq: _seq, ...rest } = event;
  return rest;
}
