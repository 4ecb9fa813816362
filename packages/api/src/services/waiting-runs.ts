import { agents, runs } from '@agentry/db';
import { and, asc, count, eq, inArray } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { type Actor, requireRole } from './auth';
import { runJournal } from './run-journal';
import { loadResumableRun, type ResumeBody, resumeRun } from './run-resume';
import { runNotFound } from './run-status';

/** Statuses an operator acts on: waiting for an answer, or stopped by a restart (Resume). */
const NEEDS_SOMEONE = ['waiting', 'interrupted'];

/**
 * The workspace's runs waiting for a person or interrupted, oldest first (the Approvals page), with the
 * question each asks; visitor questions are listed too, marked, since only the visitor answers them.
 */
export async function listWaitingRuns(runtime: Runtime, actor: Actor, limit = 100) {
  await runJournal(runtime).settled();
  const rows = await runtime.db
    .select({
      id: runs.id,
      agentId: runs.agentId,
      agentName: agents.name,
      conversationId: runs.conversationId,
      source: runs.source,
      status: runs.status,
      pending: runs.pending,
      error: runs.error,
      input: runs.input,
      startedAt: runs.startedAt,
    })
    .from(runs)
    .innerJoin(agents, eq(agents.id, runs.agentId))
    .where(and(eq(runs.workspaceId, actor.workspaceId), inArray(runs.status, NEEDS_SOMEONE)))
    .orderBy(asc(runs.startedAt))
    .limit(Math.min(Math.max(limit, 1), 200));
  return rows.map(({ input, ...row }) => ({
    ...row,
    message: (input as { message?: string }).message ?? '',
  }));
}

/** How many runs of the workspace wait for a person or a Resume (the count in the nav). */
export async function countWaitingRuns(runtime: Runtime, actor: Actor): Promise<number> {
  const [row] = await runtime.db
    .select({ total: count() })
    .from(runs)
    .where(and(eq(runs.workspaceId, actor.workspaceId), inArray(runs.status, NEEDS_SOMEONE)));
  return Number(row?.total ?? 0);
}

/** An editor answers an operator question of a run in their workspace, or resumes an interrupted run. */
export async function answerRun(
  runtime: Runtime,
  actor: Actor,
  runId: string,
  body: ResumeBody,
  options: { languageModels?: LanguageModelFactory } = {},
) {
  requireRole(actor, 'editor');
  const run = await loadResumableRun(runtime, runId);
  if (!run || run.workspaceId !== actor.workspaceId) throw runNotFound();
  if (run.pending?.audience === 'visitor')
    throw new AppError(
      'forbidden',
      "This question is for the visitor of the run's conversation; it is answered in the chat widget.",
    );
  return resumeRun(runtime, run, body, options);
}
