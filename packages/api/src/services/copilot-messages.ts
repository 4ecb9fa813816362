import { copilotMessages, users } from '@agentry/db';
import { and, asc, desc, eq, inArray, isNotNull, sql } from '@agentry/db/drizzle';
import type { CopilotEdit, Graph, GraphChange } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';

/** Messages kept per agent: the oldest go when a turn would pass this. */
export const MAX_COPILOT_MESSAGES = 200;

/** Who made a proposal: the offline copilot, or a model named `provider/model`. */
export interface CopilotAuthor {
  kind: 'offline' | 'model';
  label: string;
}

/** A proposed change: the edits, the graph they make, the change list, the revision it started from. */
export interface CopilotProposal {
  edits: CopilotEdit[];
  graph: Graph;
  changes: GraphChange[];
  baseRevision: number;
  by: CopilotAuthor;
}

/** One turn of an agent's Copilot conversation, as the panel and the stream show it. */
export interface CopilotMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: 'proposed' | 'accepted' | 'rejected' | null;
  proposal: CopilotProposal | null;
  acceptedRevision: number | null;
  /** Who accepted it last (their name; null when nobody has, or their account is gone), and when (ISO 8601). */
  acceptedBy: string | null;
  acceptedAt: string | null;
  /** ISO 8601. */
  createdAt: string;
}

type MessageRow = typeof copilotMessages.$inferSelect;

/** A stored row as the API shows it, with the name of who accepted it when the query joined it. */
export function toCopilotMessage(row: MessageRow, acceptedBy: string | null = null): CopilotMessage {
  return {
    id: row.id,
    role: row.role === 'assistant' ? 'assistant' : 'user',
    content: row.content,
    status: (row.status as CopilotMessage['status']) ?? null,
    proposal: (row.proposal as CopilotProposal | null) ?? null,
    acceptedRevision: row.acceptedRevision,
    acceptedBy,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Stores one turn and drops the agent's oldest past `MAX_COPILOT_MESSAGES`. */
export async function storeCopilotMessage(
  runtime: Runtime,
  values: {
    workspaceId: string;
    agentId: string;
    role: 'user' | 'assistant';
    content: string;
    proposal?: CopilotProposal | null;
    createdBy: string;
  },
): Promise<CopilotMessage> {
  const [row] = await runtime.db
    .insert(copilotMessages)
    .values({
      ...values,
      proposal: values.proposal ?? null,
      status: values.proposal ? 'proposed' : null,
      // The embedded database's clock counts whole milliseconds: turns stored within one would tie on
      // created_at and come back in the order of their random ids. Each turn is dated at least a
      // microsecond after the agent's newest, so the conversation reads in the order it was stored
      // (turns stored at the same instant by two people may still tie; the id orders those).
      createdAt: sql`greatest(now(), (select max(${copilotMessages.createdAt}) from ${copilotMessages} where ${copilotMessages.agentId} = ${values.agentId}) + interval '1 microsecond')`,
    })
    .returning();
  const overflow = runtime.db
    .select({ id: copilotMessages.id })
    .from(copilotMessages)
    .where(eq(copilotMessages.agentId, values.agentId))
    .orderBy(desc(copilotMessages.createdAt), desc(copilotMessages.id))
    .offset(MAX_COPILOT_MESSAGES);
  await runtime.db.delete(copilotMessages).where(inArray(copilotMessages.id, overflow));
  return toCopilotMessage(row!);
}

/** The last `limit` turns of an agent's conversation, oldest first (what the model is given as history). */
export async function recentCopilotTurns(
  runtime: Runtime,
  agentId: string,
  limit: number,
): Promise<CopilotMessage[]> {
  const rows = await runtime.db
    .select()
    .from(copilotMessages)
    .where(eq(copilotMessages.agentId, agentId))
    .orderBy(desc(copilotMessages.createdAt), desc(copilotMessages.id))
    .limit(limit);
  return rows.reverse().map((row) => toCopilotMessage(row));
}

/** Input naming an agent's conversation. */
export const copilotAgentInput = z.object({ agentId: z.string().min(1).max(100) });
/** Input of `copilot.accept`: the message and the draft revision the accepted graph was saved as. */
export const acceptCopilotInput = z.object({
  messageId: z.string().min(1).max(100),
  revision: z.number().int().min(1),
});
/** Input of `copilot.reject`. */
export const rejectCopilotInput = z.object({ messageId: z.string().min(1).max(100) });

/** Messages with the name of who accepted each (a left join: most have nobody). */
function selectWithAcceptor(runtime: Runtime) {
  return runtime.db
    .select({ message: copilotMessages, acceptedBy: users.name })
    .from(copilotMessages)
    .leftJoin(users, eq(users.id, copilotMessages.acceptedBy));
}

/** An agent's conversation, oldest first (members of the workspace). */
export async function listCopilotMessages(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<CopilotMessage[]> {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const rows = await selectWithAcceptor(runtime)
    .where(eq(copilotMessages.agentId, agent.id))
    .orderBy(asc(copilotMessages.createdAt), asc(copilotMessages.id));
  return rows.map((row) => toCopilotMessage(row.message, row.acceptedBy));
}

/** The accepted proposals of an agent, newest first: what the History panel lists beside the revisions. */
export async function copilotHistory(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<CopilotMessage[]> {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const rows = await selectWithAcceptor(runtime)
    .where(
      and(
        eq(copilotMessages.agentId, agent.id),
        eq(copilotMessages.status, 'accepted'),
        isNotNull(copilotMessages.acceptedRevision),
      ),
    )
    .orderBy(desc(copilotMessages.acceptedRevision), desc(copilotMessages.updatedAt));
  return rows.map((row) => toCopilotMessage(row.message, row.acceptedBy));
}

/** A message of the actor's workspace holding a proposal, or 404 (another workspace's too) / 400. */
async function proposalMessage(runtime: Runtime, actor: Actor, messageId: string): Promise<MessageRow> {
  const [row] = await runtime.db
    .select()
    .from(copilotMessages)
    .where(and(eq(copilotMessages.id, messageId), eq(copilotMessages.workspaceId, actor.workspaceId)));
  if (!row) throw new AppError('not_found', `No Copilot message "${messageId}" in this workspace.`);
  if (!row.proposal || row.role !== 'assistant')
    throw new AppError(
      'bad_request',
      'This Copilot message proposes no change, so there is nothing to accept or reject.',
    );
  return row;
}

/**
 * Records that the user applied a proposal (editors): the client applied it to its canvas and saved the
 * draft as `revision`. Accepting again (after an undo and a redo) moves `acceptedRevision` on; a
 * rejected proposal may still be accepted. The revision must exist: no later than the draft's.
 */
export async function acceptCopilotMessage(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof acceptCopilotInput>,
): Promise<CopilotMessage> {
  requireRole(actor, 'editor');
  const { messageId, revision } = acceptCopilotInput.parse(input);
  const row = await proposalMessage(runtime, actor, messageId);
  const agent = await getAgent(runtime, actor.workspaceId, row.agentId);
  if (revision > agent.draftRevision)
    throw new AppError(
      'bad_request',
      `revision: the draft is at revision ${agent.draftRevision}; save the accepted graph before recording it (got ${revision}).`,
      { field: 'revision' },
    );
  const [updated] = await runtime.db
    .update(copilotMessages)
    .set({
      status: 'accepted',
      acceptedRevision: revision,
      acceptedBy: actor.user.id,
      acceptedAt: new Date(),
    })
    .where(eq(copilotMessages.id, row.id))
    .returning();
  return toCopilotMessage(updated!, actor.user.name);
}

/** Records that the user turned a proposal down (editors); an accepted one must be undone in the editor. */
export async function rejectCopilotMessage(
  runtime: Runtime,
  actor: Actor,
  input: z.input<typeof rejectCopilotInput>,
): Promise<CopilotMessage> {
  requireRole(actor, 'editor');
  const { messageId } = rejectCopilotInput.parse(input);
  const row = await proposalMessage(runtime, actor, messageId);
  if (row.status === 'accepted')
    throw new AppError(
      'conflict',
      'This change was already accepted; undo it in the editor (its revision stays in the history).',
    );
  const [updated] = await runtime.db
    .update(copilotMessages)
    .set({ status: 'rejected' })
    .where(eq(copilotMessages.id, row.id))
    .returning();
  return toCopilotMessage(updated!);
}

/** Deletes an agent's Copilot conversation (editors); answers how many messages went. */
export async function clearCopilotMessages(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<{ deleted: number }> {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const deleted = await runtime.db
    .delete(copilotMessages)
    .where(eq(copilotMessages.agentId, agent.id))
    .returning({ id: copilotMessages.id });
  return { deleted: deleted.length };
}
