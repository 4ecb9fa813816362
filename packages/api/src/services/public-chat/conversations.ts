import { conversations, messages } from '@agentry/db';
import { and, asc, eq } from '@agentry/db/drizzle';
import { AppError } from '../../errors';
import type { Runtime } from '../../runtime';
import { requireAllowedOrigin } from '../public-origin';
import { runJournal } from '../run-journal';
import { loadPublicAgent, type PublicAgent } from './public-agent';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A widget conversation of this agent (its pending records written first); undefined when there is none. */
export async function findWidgetConversation(runtime: Runtime, agent: PublicAgent, conversationId: string) {
  if (!UUID.test(conversationId)) return undefined;
  await runJournal(runtime).writeConversation(conversationId);
  const [row] = await runtime.db
    .select({ id: conversations.id, tokensUsed: conversations.tokensUsed })
    .from(conversations)
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.agentId, agent.agentId),
        eq(conversations.source, 'widget'),
      ),
    );
  return row;
}

/** The 404 for a conversation id that names no widget conversation of the agent (any more). */
export function conversationGone(): AppError {
  return new AppError('not_found', 'This conversation is no longer available. Start a new one.', {
    reason: 'conversation_not_found',
  });
}

/**
 * A visitor's way into one of its conversations: the published agent by public id, from an allowed
 * origin, and the widget conversation of that agent (404 when it is gone).
 */
export async function openVisitorConversation(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
): Promise<PublicAgent> {
  const agent = await loadPublicAgent(runtime, publicId);
  requireAllowedOrigin(agent, origin);
  if (!(await findWidgetConversation(runtime, agent, conversationId))) throw conversationGone();
  return agent;
}

/** The messages of a widget conversation of this agent, oldest first (the last 100). */
export async function getPublicConversation(
  runtime: Runtime,
  publicId: string,
  origin: string | null,
  conversationId: string,
) {
  await openVisitorConversation(runtime, publicId, origin, conversationId);
  const rows = await runtime.db
    .select({
      id: messages.id,
      role: messages.role,
      content: messages.content,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt));
  return {
    conversationId,
    messages: rows
      .slice(-100)
      .map((row) => ({ id: row.id, role: row.role, text: row.content, createdAt: row.createdAt })),
  };
}
