import { conversations, messages, runs } from '@agentry/db';
import { and, asc, eq } from '@agentry/db/drizzle';
import { EVAL_LIMITS, type EvalCase, type EvalMessage, evalCaseSchema } from '@agentry/engine/evals';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { appendEvalCases, type StoredEvalCase } from './eval-cases';

/** Words of the last user message a captured case is named after. */
const NAME_WORDS = 8;
/** An answer longer than an `equals` may hold is captured as a `contains` of its beginning. */
const BASELINE_PREFIX = 200;

interface StoredMessage {
  role: string;
  content: string;
  runId: string | null;
}

/** A conversation's messages of the agent's workspace, oldest first. */
async function conversationMessages(runtime: Runtime, conversationId: string): Promise<StoredMessage[]> {
  return runtime.db
    .select({ role: messages.role, content: messages.content, runId: messages.runId })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt));
}

/** The first words of a message, as a case name. */
function nameFrom(message: string): string {
  const words = message.trim().split(/\s+/).slice(0, NAME_WORDS).join(' ');
  const name = words.length < message.trim().length ? `${words}…` : words;
  return name.slice(0, EVAL_LIMITS.maxNameLength) || 'Captured conversation';
}

/**
 * A case from stored messages: the input is the conversation up to and including `userIndex` (a single
 * message becomes a string), the expectation the answer that followed, as a baseline to edit.
 */
export function caseFromMessages(
  stored: readonly StoredMessage[],
  userIndex: number,
  answer: string | undefined,
  name: string | undefined,
): EvalCase {
  const turn = stored[userIndex];
  if (turn?.role !== 'user') throw new AppError('bad_request', 'There is no user message to test.');
  const conversation: EvalMessage[] = stored
    .slice(0, userIndex + 1)
    .filter((message) => ['user', 'assistant', 'system'].includes(message.role) && message.content !== '')
    .map((message) => ({ role: message.role as EvalMessage['role'], content: message.content }))
    // A long conversation keeps its most recent messages: the turn tested and what led to it.
    .slice(-EVAL_LIMITS.maxMessages);
  const tooLong = conversation.find((message) => message.content.length > EVAL_LIMITS.maxMessageLength);
  if (tooLong)
    throw new AppError(
      'bad_request',
      `A message of this conversation is ${tooLong.content.length} characters; a test case's messages hold at most ${EVAL_LIMITS.maxMessageLength}.`,
    );
  const trimmed = answer?.trim();
  const expect = !trimmed
    ? []
    : trimmed.length <= EVAL_LIMITS.maxTextLength
      ? [{ equals: trimmed }]
      : [{ contains: trimmed.slice(0, BASELINE_PREFIX) }];
  return evalCaseSchema.parse({
    name: name?.trim() || nameFrom(turn.content),
    input: conversation.length === 1 ? conversation[0]!.content : conversation,
    expect,
  });
}

/** The answer to the user message at `userIndex`: the assistant's message after it, before the next user's. */
function answerAfter(stored: readonly StoredMessage[], userIndex: number): string | undefined {
  for (const message of stored.slice(userIndex + 1)) {
    if (message.role === 'user') return undefined;
    if (message.role === 'assistant' && message.content.trim() !== '') return message.content;
  }
  return undefined;
}

/** A new case (editors) from a conversation of the agent: up to its last user message, with its answer. */
export async function caseFromConversation(
  runtime: Runtime,
  actor: Actor,
  input: { agentId: string; conversationId: string; name?: string },
): Promise<StoredEvalCase> {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, input.agentId);
  const [conversation] = await runtime.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.id, input.conversationId),
        eq(conversations.agentId, agent.id),
        eq(conversations.workspaceId, actor.workspaceId),
      ),
    );
  if (!conversation) throw new AppError('not_found', 'This agent has no such conversation.');
  const stored = await conversationMessages(runtime, conversation.id);
  const userIndex = stored.findLastIndex((message) => message.role === 'user');
  if (userIndex < 0) throw new AppError('bad_request', 'This conversation has no user message to test yet.');
  const evalCase = caseFromMessages(stored, userIndex, answerAfter(stored, userIndex), input.name);
  const [created] = await appendEvalCases(runtime, actor, agent.id, [evalCase]);
  return created!;
}

/** A new case (editors) from a past run: its conversation up to that run's message, with its answer. */
export async function caseFromRun(
  runtime: Runtime,
  actor: Actor,
  input: { runId: string; name?: string },
): Promise<StoredEvalCase> {
  requireRole(actor, 'editor');
  const [run] = await runtime.db
    .select({ agentId: runs.agentId, conversationId: runs.conversationId, answer: runs.answer })
    .from(runs)
    .where(and(eq(runs.id, input.runId), eq(runs.workspaceId, actor.workspaceId)));
  if (!run) throw new AppError('not_found', 'No such run in this workspace.');
  if (!run.conversationId)
    throw new AppError(
      'bad_request',
      'The conversation of this run was deleted, so it cannot become a case.',
    );
  const stored = await conversationMessages(runtime, run.conversationId);
  const userIndex = stored.findIndex((message) => message.role === 'user' && message.runId === input.runId);
  if (userIndex < 0)
    throw new AppError('bad_request', 'The message of this run is not stored (yet); try again in a moment.');
  const answer =
    stored.find((message) => message.role === 'assistant' && message.runId === input.runId)?.content ||
    run.answer;
  const evalCase = caseFromMessages(stored, userIndex, answer, input.name);
  const [created] = await appendEvalCases(runtime, actor, run.agentId, [evalCase]);
  return created!;
}
