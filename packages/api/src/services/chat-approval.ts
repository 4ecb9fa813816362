import { runEvents } from '@agentry/db';
import { eq, sql } from '@agentry/db/drizzle';
import type { LanguageModelFactory } from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { loadResumableRun, resumeRun } from './run-resume';
import { runEventBatchesFromStart, runStreamResponse } from './run-stream';

/** A tool approval a `useChat` client answered with `addToolApprovalResponse`. */
export interface ChatApprovalResponse {
  approvalId: string;
  approved: boolean;
  reason?: string;
}

interface LoosePart {
  type: string;
  state?: unknown;
  approval?: unknown;
}

/**
 * The tool approval answered in the last message of a `useChat` request, if any: after
 * `addToolApprovalResponse` the client sends its messages again, ending with the assistant message whose
 * tool part is `approval-responded` (AI SDK 7's tool-approval parts).
 */
export function approvalResponseOf(
  messages: readonly { role: string; parts: readonly LoosePart[] }[],
): ChatApprovalResponse | undefined {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return undefined;
  for (const part of last.parts) {
    if (part.state !== 'approval-responded' || typeof part.approval !== 'object' || !part.approval) continue;
    const { id, approved, reason } = part.approval as Record<string, unknown>;
    if (typeof id !== 'string' || typeof approved !== 'boolean') continue;
    return {
      approvalId: id,
      approved,
      reason: typeof reason === 'string' ? reason.slice(0, 2_000) : undefined,
    };
  }
  return undefined;
}

/** Who answers, and for which agent: the chat route's caller, already checked for its scope and agent. */
export interface ChatApprovalCaller {
  workspaceId: string;
  agentId: string;
  /** Viewers may watch a run but not answer for it. */
  mayAnswer: boolean;
  languageModels?: LanguageModelFactory;
  /** The stream's UI mapping (the chat's). */
  mapping: (run: {
    runId: string;
    conversationId: string;
  }) => Parameters<typeof runStreamResponse>[1]['mapping'];
}

/**
 * Answers a waiting run's tool approval from the chat route and streams the rest of the run as the
 * continuation of the assistant message the client holds (no second `start`), so a standard `useChat`
 * client approves or denies a tool call without knowing the runs API. The question must be this agent's,
 * in this workspace, and addressed to an operator (a visitor answers in the widget).
 */
export async function answerApprovalInChat(
  runtime: Runtime,
  caller: ChatApprovalCaller,
  response: ChatApprovalResponse,
  signal?: AbortSignal,
): Promise<Response> {
  // Request ids are `<runId>:wait-<n>` (the engine's); the run is then checked against the question.
  const runId = response.approvalId.split(':')[0] ?? '';
  const run = await loadResumableRun(runtime, runId);
  if (!run || run.workspaceId !== caller.workspaceId || run.agentId !== caller.agentId)
    throw new AppError('not_found', 'No run of this agent asks that question.');
  if (!caller.mayAnswer)
    throw new AppError('forbidden', 'Viewers cannot answer for a run; ask an editor of this workspace.');
  if (run.pending?.audience === 'visitor')
    throw new AppError(
      'forbidden',
      "This question is for the visitor; it is answered in the visitor's chat.",
    );
  const [stored] = await runtime.db
    .select({ last: sql<number | null>`max(${runEvents.seq})` })
    .from(runEvents)
    .where(eq(runEvents.runId, run.id));
  const after = Number(stored?.last ?? 0);
  await resumeRun(
    runtime,
    run,
    {
      requestId: response.approvalId,
      choice: response.approved ? 'approve' : 'deny',
      ...(response.reason ? { reason: response.reason } : {}),
    },
    { languageModels: caller.languageModels },
  );
  const conversationId = run.conversationId ?? '';
  return runStreamResponse((stop) => runEventBatchesFromStart(runtime, run.id, stop, after), {
    runtime,
    after,
    mapping: caller.mapping({ runId: run.id, conversationId }),
    signal,
    headers: { 'x-agentry-run-id': run.id, 'x-agentry-conversation-id': conversationId },
  });
}
