import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { apiKeys, users, workspaces } from './auth';
import { createdAt, id, updatedAt } from './columns';

/** An agent: its editable draft graph, and a pointer to the published version. */
export const agents = pgTable(
  'agents',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Public id used by the widget and public routes; never the internal id. */
    publicId: text('public_id').notNull().unique(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    draftGraph: jsonb('draft_graph').notNull(),
    /** Bumped by every draft save; a save names the revision it started from (optimistic concurrency). */
    draftRevision: integer('draft_revision').notNull().default(1),
    publishedVersionId: text('published_version_id'),
    embedSettings: jsonb('embed_settings').notNull().default({}),
    /** Tests tab settings: `{ requirePassingTests?, judge?, concurrency? }` (see the API's eval-settings.ts). */
    evalSettings: jsonb('eval_settings').notNull().default({}),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The API key that created the agent, when a key did (`createdBy` is then the key's creator). */
    createdByKeyId: text('created_by_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('agents_workspace_idx').on(table.workspaceId),
    uniqueIndex('agents_workspace_slug_idx').on(table.workspaceId, table.slug),
  ],
);

/** Immutable, numbered published versions of an agent's graph. */
export const agentVersions = pgTable(
  'agent_versions',
  {
    id: id(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    graph: jsonb('graph').notNull(),
    note: text('note').notNull().default(''),
    /** The draft revision it was published from: eval runs of that revision count as this version's. */
    draftRevision: integer('draft_revision'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** The API key that published this version, when a key did. */
    createdByKeyId: text('created_by_key_id').references(() => apiKeys.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('agent_versions_agent_version_idx').on(table.agentId, table.version)],
);

/** Provider credentials. The secret is AES-256-GCM encrypted; only its last characters are kept in clear. */
export const credentials = pgTable(
  'credentials',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    provider: text('provider').notNull(),
    baseUrl: text('base_url'),
    /**
     * Hosts the secret may be sent to by the HTTP Request tool (exact, or "*.example.com"). Empty: the
     * HTTP tool refuses to send it anywhere; model providers send it only to their own base URL.
     */
    allowedHosts: jsonb('allowed_hosts').$type<string[]>().notNull().default([]),
    encryptedSecret: text('encrypted_secret'),
    secretTail: text('secret_tail'),
    /**
     * Prices of this credential's models, USD per million tokens: `{ "<model>": { input, output } }`. Wins
     * over the built-in table, so local and OpenAI-compatible servers can show a cost.
     */
    prices: jsonb('prices').$type<Record<string, { input: number; output: number }>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [index('credentials_workspace_idx').on(table.workspaceId)],
);
