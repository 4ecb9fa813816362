import { index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';

/** Roles a member can hold in a workspace, from most to least powerful. */
export const workspaceRole = pgEnum('workspace_role', ['owner', 'editor', 'viewer']);

/** People who can sign in. Passwords are stored as scrypt hashes. */
export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** The language the app speaks to this user (`en`, `zh-CN`, …); null: the browser's. */
  locale: text('locale'),
  createdAt: createdAt(),
});

/** Signed-in browser sessions. The cookie holds a random token; only its SHA-256 is stored here. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** A shared space that owns agents, credentials, keys and knowledge. */
export const workspaces = pgTable('workspaces', {
  id: id(),
  name: text('name').notNull(),
  /** The builder's Copilot: `{ provider, model, credentialId }` of the model it uses; `{}` is the offline copilot. */
  copilotSettings: jsonb('copilot_settings').notNull().default({}),
  createdAt: createdAt(),
});

/** Who belongs to which workspace, and with what role. */
export const workspaceMembers = pgTable(
  'workspace_members',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: workspaceRole('role').notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.userId] }),
    index('members_user_idx').on(table.userId),
  ],
);

/** API keys for the HTTP API. Only a SHA-256 digest of the key is kept; the prefix is for display. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /**
     * What the key may do: `run` (chat with and start runs of agents), `manage` (create, edit, publish and
     * delete agents), `knowledge` (knowledge bases and their documents). Keys made before scopes existed
     * keep all three.
     */
    scopes: jsonb('scopes').$type<string[]>().notNull().default(['run', 'manage', 'knowledge']),
    /** The agents the key is limited to; null means every agent of the workspace. */
    agentIds: jsonb('agent_ids').$type<string[] | null>(),
    /** After this the key is refused; null means it does not expire. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    index('api_keys_workspace_idx').on(table.workspaceId),
    index('api_keys_created_by_idx').on(table.createdBy),
  ],
);
