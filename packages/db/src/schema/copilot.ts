import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { users, workspaces } from './auth';
import { createdAt, id, updatedAt } from './columns';

/**
 * The builder's Copilot conversation, kept per agent. A user turn holds the request; an assistant turn
 * holds the answer and, when it proposes a change, the proposal: the edits, the graph they make (valid
 * against the node catalog and `validateGraph`), the change list, and the draft revision it started from.
 * `status` follows the proposal: `proposed` until the user accepts or rejects it; null for plain answers.
 */
export const copilotMessages = pgTable(
  'copilot_messages',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** `user` or `assistant`. */
    role: text('role').notNull(),
    content: text('content').notNull(),
    /** `{ edits, graph, changes, baseRevision, by }` of a proposed change, or null. */
    proposal: jsonb('proposal'),
    /** `proposed`, `accepted` or `rejected` when the message holds a proposal; null otherwise. */
    status: text('status'),
    /** The draft revision the accepted change was saved as (the draft's history names it). */
    acceptedRevision: integer('accepted_revision'),
    /** Who accepted it last, and when (accepting again after an undo moves both on). */
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** Who wrote it (user turns) or asked for it (assistant turns). */
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('copilot_messages_agent_idx').on(table.agentId, table.createdAt)],
);
