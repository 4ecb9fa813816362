import { agents, runs, triggers } from '@agentry/db';
import { and, desc, eq, type SQL } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { liveRuns } from './live-runs';
import { runJournal } from './run-journal';

/** A run as `GET /api/v1/runs/:id` and run callbacks show it. */
export interface RunStatus {
  id: string;
  agentId: string;
  conversationId: string | null;
  source: string;
  /** The trigger that started the run (webhook or schedule), else null. */
  triggerId: string | null;
  /** That trigger's name and kind while it exists (null once deleted). */
  trigger: { id: string; name: string; kind: string } | null;
  /** running, waiting, interrupted, succeeded, failed or cancelled. */
  status: string;
  answer: string;
  /** The question a `waiting` run asks (an ApprovalRequest), else null. */
  pending: unknown;
  error: unknown;
  usage: unknown;
  /** Number of the run's last stored event (read its stream with `?after=` to go on from there). */
  lastSeq: number;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
}

/** A run's row with what deciding access needs. */
export interface RunAccessRow extends RunStatus {
  workspaceId: string;
  agentName: string;
  apiKeyId: string | null;
}

/** A run's trigger as the history shows it; null without one, or once it is deleted. */
export function runTrigger(
  id: string | null,
  name: string | null,
  kind: string | null,
): { id: string; name: string; kind: string } | null {
  return id && name && kind ? { id, name, kind } : null;
}

/** Loads a run (writing down first whatever of it is still on its way); undefined when there is none. */
export async function loadRun(runtime: Runtime, runId: string): Promise<RunAccessRow | undefined> {
  if (!/^[\w-]{1,100}$/.test(runId)) return undefined;
  await runJournal(runtime).settled();
  const [row] = await runtime.db
    .select({
      id: runs.id,
      workspaceId: runs.workspaceId,
      agentId: runs.agentId,
      agentName: agents.name,
      apiKeyId: runs.apiKeyId,
      conversationId: runs.conversationId,
      source: runs.source,
      triggerId: runs.triggerId,
      triggerName: triggers.name,
      triggerKind: triggers.kind,
      status: runs.status,
      answer: runs.answer,
      pending: runs.pending,
      error: runs.error,
      usage: runs.usage,
      lastSeq: runs.lastSeq,
      startedAt: runs.startedAt,
      endedAt: runs.endedAt,
      durationMs: runs.durationMs,
    })
    .from(runs)
    .innerJoin(agents, eq(agents.id, runs.agentId))
    .leftJoin(triggers, eq(triggers.id, runs.triggerId))
    .where(eq(runs.id, runId));
  if (!row) return undefined;
  const { triggerName, triggerKind, ...rest } = row;
  return {
    ...rest,
    trigger: runTrigger(row.triggerId, triggerName, triggerKind),
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

/** The public view of a run (no workspace or key ids). */
export function publicRunStatus(row: RunAccessRow): RunStatus {
  const { workspaceId: _workspace, agentName: _name, apiKeyId: _key, ...status } = row;
  return status;
}

/** A run's public view; throws 404 when there is none. */
export async function getRunStatus(runtime: Runtime, runId: string): Promise<RunStatus> {
  const row = await loadRun(runtime, runId);
  if (!row) throw runNotFound();
  return publicRunStatus(row);
}

/** The 404 for a run that does not exist or belongs to another workspace (the same answer for both). */
export function runNotFound(): AppError {
  return new AppError('not_found', 'This run does not exist.');
}

/**
 * A conversation's current run: the one running in this process, else the newest stored run of the
 * conversation and agent that also matches `scope` (the widget's source, or the caller's workspace).
 * Undefined when the conversation has no run.
 */
export async function currentRunOfConversation(
  runtime: Runtime,
  conversationId: string,
  agentId: string,
  scope: SQL,
): Promise<{ id: string; status: string } | undefined> {
  const live = [...liveRuns(runtime).values()]
    .filter((run) => run.owner.conversationId === conversationId && run.owner.agentId === agentId)
    .at(-1);
  if (live && !live.ended) return { id: live.runId, status: 'running' };
  const [latest] = await runtime.db
    .select({ id: runs.id, status: runs.status })
    .from(runs)
    .where(and(eq(runs.conversationId, conversationId), eq(runs.agentId, agentId), scope))
    .orderBy(desc(runs.startedAt))
    .limit(1);
  return latest;
}
