import { runs } from '@agentry/db';
import { eq } from '@agentry/db/drizzle';
import type { ApprovalRequest, LanguageModelFactory } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { resolveAgentRunTarget } from '../services/agent-target';
import { getAgent } from '../services/agents';
import { chatRequestSchema, chatStreamMapping, MAX_MESSAGE_CHARS, splitChatMessages } from '../services/chat';
import { startDurableRun } from '../services/durable-runs';
import { liveRuns } from '../services/live-runs';
import { checkCallbackUrl } from '../services/run-callbacks';
import { loadResumableRun, resumeBodySchema, resumeRun } from '../services/run-resume';
import { currentRunOfConversation, loadRun, publicRunStatus, runNotFound } from '../services/run-status';
import { readAfter, runEventBatchesFromStart, runStreamResponse } from '../services/run-stream';
import { type ApiCaller, authenticateRequest, mayUseAgent, requireAgent, requireScope } from './authenticate';
import { readJsonBody, toErrorResponse } from './errors';

/** Body of `POST /api/v1/agents/:id/runs`. */
const startRunBodySchema = z.strictObject({
  input: z.string().min(1, 'input: send some text').max(MAX_MESSAGE_CHARS).optional(),
  messages: chatRequestSchema.shape.messages.optional(),
  conversationId: z.string().min(1).max(100).optional(),
  callbackUrl: z.string().max(2_000).optional(),
  target: z.enum(['draft', 'published']).optional(),
});

/**
 * `POST /api/v1/agents/:id/runs`: starts a run that goes on without a reader; 202 with its id. The body
 * is `{ input: "text" }` or `{ messages }` as the chat route takes them, with an optional
 * `conversationId` and a `callbackUrl` POSTed when the run ends or starts waiting.
 */
export async function handleStartAgentRun(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const body = startRunBodySchema.parse(await readJsonBody(request));
    if ((body.input === undefined) === (body.messages === undefined))
      throw new AppError('bad_request', 'Send either "input" (text) or "messages", not both.');
    const callbackUrl = checkCallbackUrl(body.callbackUrl);
    const target = await resolveAgentRunTarget(runtime, caller, agentIdOrSlug, body.target);
    const { message, history } = body.messages
      ? splitChatMessages(body.messages)
      : { message: body.input ?? '', history: [] };
    const run = await startDurableRun(
      runtime,
      {
        workspaceId: caller.workspaceId,
        ...target,
        apiKeyId: caller.keyId,
        conversationId: body.conversationId,
        message,
        history: body.conversationId ? undefined : history,
        callbackUrl,
        languageModels: options.languageModels,
      },
      { readerBound: false },
    );
    return Response.json(
      { id: run.runId, status: 'running', conversationId: run.conversationId },
      { status: 202, headers: { location: `/api/v1/runs/${run.runId}` } },
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** The run if the caller may see it: same workspace, and for keys the `run` scope and its agent. */
async function runForCaller(runtime: Runtime, caller: ApiCaller, runId: string) {
  requireScope(caller, 'run');
  const row = await loadRun(runtime, runId);
  if (!row || row.workspaceId !== caller.workspaceId) throw runNotFound();
  requireAgent(caller, { id: row.agentId, name: row.agentName });
  return row;
}

/** `GET /api/v1/runs/:id`: status, answer, pending question, error, usage and times. */
export async function handleGetRun(runtime: Runtime, request: Request, runId: string): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    return Response.json(publicRunStatus(await runForCaller(runtime, caller, runId)));
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `GET /api/v1/runs/:id/stream`: the run's UI message stream from after `Last-Event-ID` (or `?after=`),
 * then live; a finished or waiting run replays and ends. A chat run still in its first moment (not yet
 * written down) is found in this process's memory.
 */
export async function handleRunStream(runtime: Runtime, request: Request, runId: string): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const after = readAfter(request);
    const live = liveRuns(runtime).get(runId);
    let conversationId: string;
    if (live && live.owner.workspaceId === caller.workspaceId) {
      if (!mayUseAgent(caller, live.owner.agentId))
        requireAgent(caller, { id: live.owner.agentId, name: live.owner.agentId });
      conversationId = live.owner.conversationId;
    } else {
      conversationId = (await runForCaller(runtime, caller, runId)).conversationId ?? '';
    }
    return runStreamResponse((signal) => runEventBatchesFromStart(runtime, runId, signal, after), {
      runtime,
      after,
      mapping: chatStreamMapping({}, { runId, conversationId }),
      signal: request.signal,
      headers: { 'x-agentry-run-id': runId, 'x-agentry-conversation-id': conversationId },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `POST /api/v1/runs/:id/resume`: answers a waiting run's question (`{ requestId, choice, form?,
 * reason? }` or `{ requestId, timedOut: true }`), or continues an interrupted run (`{}`); 202. Operator
 * questions take an editor session or a key with `run` and the agent; a visitor's question is answered
 * only in that visitor's widget conversation.
 */
export async function handleResumeRun(
  runtime: Runtime,
  request: Request,
  runId: string,
  options: { languageModels?: LanguageModelFactory } = {},
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    await runForCaller(runtime, caller, runId);
    if (caller.role === 'viewer')
      throw new AppError('forbidden', 'Viewers cannot answer runs; ask an editor.');
    const body = resumeBodySchema.parse(await readJsonBody(request, 64 * 1024));
    const run = await loadResumableRun(runtime, runId);
    if (!run) throw runNotFound();
    if ((run.pending as ApprovalRequest | null)?.audience === 'visitor')
      throw new AppError(
        'forbidden',
        "This question is for the visitor of the run's conversation; it is answered in the chat widget.",
      );
    return Response.json(await resumeRun(runtime, run, body, options), { status: 202 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/**
 * `GET /api/v1/agents/:id/chat/:conversationId/stream`: where `useChat`'s `resumeStream()` reconnects
 * by default (`{api}/{chatId}/stream`, with the chat id set to the conversation id). Streams the
 * conversation's latest run while it is running (from `Last-Event-ID` / `?after=`, else from the
 * start); 204 when none is, which tells `useChat` there is nothing to resume.
 */
export async function handleChatResumeStream(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
  conversationId: string,
): Promise<Response> {
  try {
    const caller = await authenticateRequest(runtime, request);
    requireScope(caller, 'run');
    const target = await getAgent(runtime, caller.workspaceId, agentIdOrSlug);
    requireAgent(caller, target);
    const after = readAfter(request);
    const current = await currentRunOfConversation(
      runtime,
      conversationId,
      target.id,
      eq(runs.workspaceId, caller.workspaceId),
    );
    const runId = current?.status === 'running' ? current.id : undefined;
    if (!runId) return new Response(null, { status: 204 });
    const id = runId;
    return runStreamResponse((signal) => runEventBatchesFromStart(runtime, id, signal, after), {
      runtime,
      after,
      mapping: chatStreamMapping({}, { runId: id, conversationId }),
      signal: request.signal,
      headers: { 'x-agentry-run-id': id, 'x-agentry-conversation-id': conversationId },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
