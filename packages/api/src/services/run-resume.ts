import { agentVersions, runEvents, runs } from '@agentry/db';
import { and, eq, sql } from '@agentry/db/drizzle';
import type {
  ApprovalRequest,
  ChatFile,
  ChatMessage,
  LanguageModelFactory,
  ResumeAnswer,
  RunCheckpoint,
  RunOptions,
} from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { driveRun } from './durable-runs';
import { runJournal } from './run-journal';
import { executeRun, type PreparedRun, queuedEvents } from './runs';

/** Body of a resume: the answer to a waiting run's question, or `{}` to continue an interrupted run. */
export const resumeBodySchema = z.union([
  z.strictObject({
    requestId: z.string().min(1).max(200),
    choice: z.string().min(1).max(200),
    form: z.record(z.string().max(100), z.unknown()).optional(),
    reason: z.string().max(2_000).optional(),
  }),
  z.strictObject({ requestId: z.string().min(1).max(200), timedOut: z.literal(true) }),
  z.strictObject({}),
]);

/** A parsed resume body. */
export type ResumeBody = z.infer<typeof resumeBodySchema>;

/** A run's row as resuming needs it. */
export interface ResumableRun {
  id: string;
  workspaceId: string;
  agentId: string;
  conversationId: string | null;
  status: string;
  pending: ApprovalRequest | null;
  checkpoint: RunCheckpoint | null;
  input: { message: string; history?: ChatMessage[]; files?: ChatFile[]; options?: RunOptions };
  graph: unknown;
  versionId: string | null;
  callbackUrl: string | null;
  source: string;
  attempts: number;
  triggerId: string | null;
}

/** Loads a run as resuming needs it (everything of it still on its way is written first). */
export async function loadResumableRun(runtime: Runtime, runId: string): Promise<ResumableRun | undefined> {
  if (!/^[\w-]{1,100}$/.test(runId)) return undefined;
  await runJournal(runtime).settled();
  const [row] = await runtime.db
    .select({
      id: runs.id,
      workspaceId: runs.workspaceId,
      agentId: runs.agentId,
      conversationId: runs.conversationId,
      status: runs.status,
      pending: runs.pending,
      checkpoint: runs.checkpoint,
      input: runs.input,
      graph: runs.graph,
      versionId: runs.versionId,
      callbackUrl: runs.callbackUrl,
      source: runs.source,
      attempts: runs.attempts,
      triggerId: runs.triggerId,
    })
    .from(runs)
    .where(eq(runs.id, runId));
  return row as ResumableRun | undefined;
}

/** Checks an answer against the question a waiting run asks (409 when it names an older question). */
function checkAnswer(run: ResumableRun, body: ResumeBody): ResumeAnswer | undefined {
  if (run.status === 'interrupted') {
    if (!run.checkpoint)
      throw new AppError(
        'conflict',
        'This run stopped before any step finished, so there is nothing to continue from. Run it again.',
      );
    return undefined;
  }
  if (run.status !== 'waiting' || !run.pending)
    throw new AppError('conflict', `This run is ${run.status}, not waiting for an answer.`, {
      status: run.status,
    });
  if (!('requestId' in body))
    throw new AppError('bad_request', 'Answer the question: send its requestId and a choice.');
  if (body.requestId !== run.pending.id)
    throw new AppError('conflict', 'This answer is for an earlier question; the run now asks another.', {
      requestId: run.pending.id,
    });
  if ('choice' in body && !run.pending.choices.some((choice) => choice.id === body.choice)) {
    const ids = run.pending.choices.map((choice) => `"${choice.id}"`).join(', ');
    throw new AppError('bad_request', `choice: "${body.choice}" is not offered; choose one of ${ids}.`);
  }
  if ('choice' in body) {
    for (const field of run.pending.form ?? []) {
      if (field.required && (body.form?.[field.name] === undefined || body.form[field.name] === ''))
        throw new AppError('bad_request', `form.${field.name}: "${field.label}" is required.`);
    }
  }
  return body as ResumeAnswer;
}

/**
 * Continues a waiting run with its answer, or an interrupted one from its checkpoint: claims it (one
 * conditional update, so two answers at once cannot both continue it), then executes it in this
 * process with no reader attached; its events go on after the last stored one. The caller has checked
 * who may answer.
 */
export async function resumeRun(
  runtime: Runtime,
  run: ResumableRun,
  body: ResumeBody,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<{ id: string; status: 'running' }> {
  const answer = checkAnswer(run, body);
  const checkpoint = run.checkpoint;
  if (!checkpoint) throw new AppError('conflict', 'This run has no checkpoint to continue from.');
  if (!run.conversationId)
    throw new AppError('conflict', "This run's conversation was deleted, so it cannot go on. Run it again.");
  const claimed = await runtime.db
    .update(runs)
    .set({
      status: 'running',
      pending: null,
      error: null,
      endedAt: null,
      // An answer is a person's act: a run that waits often is not one that keeps crashing.
      attempts: run.status === 'waiting' ? 1 : sql`${runs.attempts} + 1`,
    })
    .where(
      and(
        eq(runs.id, run.id),
        eq(runs.status, run.status),
        run.pending ? sql`${runs.pending}->>'id' = ${run.pending.id}` : sql`true`,
      ),
    )
    .returning({ id: runs.id });
  if (claimed.length === 0) throw new AppError('conflict', 'This run was answered or continued meanwhile.');
  await continueRun(runtime, run, { checkpoint, answer }, options);
  return { id: run.id, status: 'running' };
}

/**
 * Executes a claimed run (status `running`) from its checkpoint in this process. Events the run stored
 * after the checkpoint keep their numbers; the continued run's follow them (the engine numbers from the
 * checkpoint, so the difference is added), and readers that had them go on without a gap.
 */
export async function continueRun(
  runtime: Runtime,
  run: ResumableRun,
  resume: { checkpoint: RunCheckpoint; answer?: ResumeAnswer },
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<void> {
  const conversationId = run.conversationId;
  if (!conversationId)
    throw new AppError('conflict', "This run's conversation was deleted, so it cannot go on. Run it again.");
  const [stored] = await runtime.db
    .select({ last: sql<number | null>`max(${runEvents.seq})` })
    .from(runEvents)
    .where(eq(runEvents.runId, run.id));
  const lastStored = Number(stored?.last ?? 0);
  let graph = run.graph;
  if (run.versionId) {
    const [version] = await runtime.db
      .select({ graph: agentVersions.graph })
      .from(agentVersions)
      .where(eq(agentVersions.id, run.versionId));
    graph = version?.graph;
  }
  const prepared: PreparedRun = {
    runId: run.id,
    conversationId,
    workspaceId: run.workspaceId,
    graph,
    message: run.input.message,
    history: run.input.history,
    files: run.input.files,
    options: run.input.options,
    callbackUrl: run.callbackUrl,
    // A continued trigger run still counts its tokens towards the trigger's daily cap.
    triggerId: run.triggerId,
    resume: {
      checkpoint: resume.checkpoint,
      answer: resume.answer,
      seqOffset: Math.max(0, lastStored - resume.checkpoint.seq),
    },
  };
  // Queue mode: a worker continues it, so a waiting run never held one and the web server stays light.
  const events =
    runtime.runQueue && !options.languageModels
      ? queuedEvents(runtime, runtime.runQueue.enqueue(prepared), prepared, run.source)
      : executeRun(runtime, prepared, { languageModels: options.languageModels, source: run.source });
  driveRun(runtime, prepared, events, { source: run.source, agentId: run.agentId });
}
