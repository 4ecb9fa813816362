import { runs } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { liveRuns } from './live-runs';
import { eventsOfRow, readStoredEvents } from './run-events';
import { runJournal } from './run-journal';
import { continueRun, loadResumableRun, type ResumableRun } from './run-resume';

/** Starts a run may have (the first included) before a process that keeps dying with it stops it. */
export const MAX_RUN_ATTEMPTS = 3;

/** What recovery did with each run it found `running`. */
export interface RecoveryReport {
  continued: string[];
  interrupted: string[];
  failed: string[];
  waiting: string[];
}

/**
 * At start, in-process mode (no REDIS_URL): runs left `running` by a process that died are continued
 * from their checkpoints here, or marked `interrupted` when that is unsafe: no checkpoint yet (nothing
 * finished, so nothing to continue from), or a tool call was in flight (it may have acted already; an
 * HTTP request could be sent twice). A run already started MAX_RUN_ATTEMPTS times is failed instead, so
 * a run that kills its process cannot loop. Waiting runs are left waiting. Assumes this process is the
 * only one executing runs on this database (true for the embedded database; with several instances,
 * use queue mode, whose workers recover runs themselves).
 */
export async function recoverRuns(
  runtime: Runtime,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<RecoveryReport> {
  const report: RecoveryReport = { continued: [], interrupted: [], failed: [], waiting: [] };
  if (runtime.runQueue) return report;
  await runJournal(runtime).settled();
  const found = await runtime.db.select({ id: runs.id }).from(runs).where(eq(runs.status, 'running'));
  for (const { id } of found) {
    if (liveRuns(runtime).has(id)) continue;
    const run = await loadResumableRun(runtime, id);
    if (run?.status !== 'running') continue;
    const outcome = await recoverRun(runtime, run, options).catch((error: unknown) => {
      runtime.logger.error(
        { err: error, runId: id },
        'Could not recover a run left running; it stays as it was',
      );
      return undefined;
    });
    if (outcome) report[outcome].push(id);
  }
  return report;
}

async function recoverRun(
  runtime: Runtime,
  run: ResumableRun,
  options: { languageModels?: LanguageModelFactory },
): Promise<keyof RecoveryReport | undefined> {
  const stop = async (status: 'failed' | 'interrupted', code: string, message: string, extra = {}) => {
    const updated = await runtime.db
      .update(runs)
      .set({ status, error: { code, message, ...extra }, endedAt: status === 'failed' ? new Date() : null })
      .where(and(eq(runs.id, run.id), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    return updated.length > 0 ? status : undefined;
  };
  if (run.attempts >= MAX_RUN_ATTEMPTS) {
    return stop(
      'failed',
      'interrupted_repeatedly',
      `The server stopped during this run ${run.attempts} times; it was not started again.`,
    );
  }
  if (run.source === 'openai' || run.source === 'mcp')
    return stop(
      'failed',
      'interrupted',
      `The server stopped during this ${run.source === 'mcp' ? 'MCP tool call' : 'OpenAI-compatible request'}; such requests are not continued (their client cannot reattach). Send it again.`,
    );
  const checkpoint = run.checkpoint;
  if (!run.conversationId)
    return stop(
      'failed',
      'interrupted',
      'The server stopped during this run and its conversation was deleted.',
    );
  if (!checkpoint) {
    return stop(
      'interrupted',
      'interrupted',
      'The server stopped before any step of this run finished. Run it again.',
    );
  }
  if (checkpoint.waiting) {
    // It stopped to wait and the process died before that was written: it waits now.
    const updated = await runtime.db
      .update(runs)
      .set({ status: 'waiting', pending: checkpoint.waiting })
      .where(and(eq(runs.id, run.id), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    return updated.length > 0 ? 'waiting' : undefined;
  }
  const [row] = await runtime.db.select({ lastSeq: runs.lastSeq }).from(runs).where(eq(runs.id, run.id));
  const inFlight = await toolCallInFlight(runtime, run.id, row?.lastSeq ?? 0);
  if (inFlight) {
    return stop(
      'interrupted',
      'interrupted',
      `The server stopped while the tool "${inFlight.toolName}" was running. It may have acted already, so the run was not continued on its own; resume it to run the rest (the tool runs again).`,
      { nodeId: inFlight.nodeId },
    );
  }
  const claimed = await runtime.db
    .update(runs)
    .set({ attempts: sql`${runs.attempts} + 1` })
    .where(and(eq(runs.id, run.id), eq(runs.status, 'running'), eq(runs.attempts, run.attempts)))
    .returning({ id: runs.id });
  if (claimed.length === 0) return undefined;
  await continueRun(runtime, run, { checkpoint }, options);
  return 'continued';
}

/** A tool call stored after the checkpoint (event `afterSeq`) that has no result. */
async function toolCallInFlight(
  runtime: Runtime,
  runId: string,
  afterSeq: number,
): Promise<{ toolName: string; nodeId: string } | undefined> {
  const open = new Map<string, { toolName: string; nodeId: string }>();
  for (const row of (await readStoredEvents(runtime, runId, afterSeq)).flatMap(eventsOfRow)) {
    if (row.seq <= afterSeq) continue;
    const event = row.event as { type: string; toolCallId?: string; toolName?: string; nodeId?: string };
    if (event.type === 'tool-call' && event.toolCallId)
      open.set(event.toolCallId, { toolName: event.toolName ?? '', nodeId: event.nodeId ?? '' });
    if (event.type === 'tool-result' && event.toolCallId) open.delete(event.toolCallId);
  }
  return open.values().next().value;
}
