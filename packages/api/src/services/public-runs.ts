import { runs } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import type { ApprovalRequest, LanguageModelFactory } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { openVisitorConversation, visitorStreamMapping } from './public-chat';
import { loadResumableRun, type ResumeBody, resumeRun } from './run-resume';
import { runEventBatchesFromStart, runStreamResponse } from './run-stream';
import { currentRunOfConversation } from './run-status';

/** The latest run of a widget conversation of this agent, checked like the public chat checks a turn. */
async function latestVisitorRun(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
) {
  const agent = await openVisitorConversation(runtime, publicId, origin, conversationId);
  const run = await currentRunOfConversation(
    runtime,
    conversationId,
    agent.agentId,
    eq(runs.source, 'widget'),
  );
  return { agent, run };
}

/**
 * The widget's reattach: the latest run of its own conversation (bound by conversation id, the agent's
 * public id and an allowed origin) from after `after`, text only, while it is running or waiting; 204
 * when it has ended (the conversation's messages hold its answer).
 */
export async function publicRunStream(
  runtime: Runtime,
  request: {
    publicId: string;
    origin: string | null;
    conversationId: string;
    after: number;
    signal?: AbortSignal;
  },
): Promise<Response> {
  const { agent, run } = await latestVisitorRun(
    runtime,
    request.publicId,
    request.origin,
    request.conversationId,
  );
  if (!run || (run.status !== 'running' && run.status !== 'waiting'))
    return new Response(null, { status: 204 });
  return runStreamResponse((signal) => runEventBatchesFromStart(runtime, run.id, signal, request.after), {
    runtime,
    after: request.after,
    visitor: true,
    mapping: visitorStreamMapping(request.conversationId, agent.settings),
    signal: request.signal,
    headers: { 'x-agentry-conversation-id': request.conversationId, 'x-agentry-run-id': run.id },
  });
}

/** The widget answers a question its conversation's run asks the visitor (never an operator's). */
export async function publicResume(
  runtime: Runtime,
  request: { publicId: string; origin: string | null; conversationId: string; body: ResumeBody },
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<{ id: string; status: 'running' }> {
  const { run: latest } = await latestVisitorRun(
    runtime,
    request.publicId,
    request.origin,
    request.conversationId,
  );
  const run = latest ? await loadResumableRun(runtime, latest.id) : undefined;
  if (run?.status !== 'waiting')
    throw new AppError('conflict', 'Nothing in this conversation is waiting for an answer.');
  if ((run.pending as ApprovalRequest | null)?.audience !== 'visitor')
    throw new AppError(
      'forbidden',
      'This question is for the operators of this assistant, not for the visitor.',
    );
  return resumeRun(runtime, run, request.body, options);
}
