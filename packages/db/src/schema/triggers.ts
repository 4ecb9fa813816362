import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { agents } from './agents';
import { workspaces } from './auth';
import { createdAt, id, updatedAt } from './columns';

/**
 * Something that starts runs of an agent's published version without a chat: a webhook another system
 * calls, or a schedule. `config` holds the kind's settings (see the API's trigger-config.ts).
 */
export const triggers = pgTable(
  'triggers',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** `webhook` or `schedule`. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** A paused trigger starts nothing (its webhook answers 409, its schedule does not fire). */
    enabled: boolean('enabled').notNull().default(true),
    config: jsonb('config').notNull(),
    /** Webhook only: SHA-256 of the secret in its URL, to find the trigger without storing the secret plain. */
    tokenHash: text('token_hash'),
    /** Webhook only: the URL's secret, encrypted, so editors can see and copy the URL again. */
    encryptedToken: text('encrypted_token'),
    /** Schedule only: when it fires next (the claim that makes one process start each run). */
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }),
    /** Tokens its runs used on `usageDay` (UTC date), for the trigger's daily cap. */
    usageDay: text('usage_day'),
    tokensToday: integer('tokens_today').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('triggers_agent_idx').on(table.agentId),
    uniqueIndex('triggers_token_hash_idx').on(table.tokenHash),
    index('triggers_next_run_idx').on(table.nextRunAt),
  ],
);
