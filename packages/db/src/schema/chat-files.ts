import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { users, workspaces } from './auth';
import { bytea, createdAt, id } from './columns';
import { conversations } from './runs';

/**
 * A file sent in a chat (an image or a document attached in the preview, the widget or the API), kept
 * with its conversation and counted against the workspace's storage quota. The bytes are only ever served
 * back as a download (`Content-Disposition: attachment`, `nosniff`), never with an active content type.
 */
export const chatFiles = pgTable(
  'chat_files',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** Set when a message that carries the file is stored; a file never used is swept after a day. */
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The media type checked from the bytes (magic numbers), not the one the sender claimed. */
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    /** `preview`, `widget` or `api`. */
    source: text('source').notNull(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('chat_files_workspace_idx').on(table.workspaceId, table.createdAt),
    index('chat_files_conversation_idx').on(table.conversationId),
  ],
);
