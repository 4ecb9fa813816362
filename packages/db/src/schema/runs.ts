import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { agents, agentVersions } from './agents';
import { workspaces } from './auth';
import { createdAt, id, updatedAt } from './columns';

/** A chat thread with an agent, from the preview, the widget, the API or the CLI. */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    title: text('title').notNull().default(''),
    tokensUsed: integer('tokens_used').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('conversations_agent_idx').on(table.agentId, table.updatedAt)],
);

/** One message of a conversation, with its UI message parts. */
export const messages = pgTable(
  'messages',
  {
    id: id(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    content: text('content').notNull(),
    parts: jsonb('parts'),
    runId: text('run_id'),
    createdAt: createdAt(),
  },
  (table) => [index('messages_conversation_idx').on(table.conversationId, table.createdAt)],
);

/** One execution of an agent graph. */
export const runs = pgTable(
  'runs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
    versionId: text('version_id').references(() => agentVersions.id, { onDelete: 'set null' }),
    source: text('source').notNull(),
    /** The API key that started the run, when a key did. */
    apiKeyId: text('api_key_id'),
    /** The trigger (webhook or schedule) that started the run, when one did. */
    triggerId: text('trigger_id'),
    status: text('status').notNull(),
    input: jsonb('input').notNull(),
    graph: jsonb('graph'),
    answer: text('answer').notNull().default(''),
    error: jsonb('error'),
    usage: jsonb('usage'),
    /**
     * The engine's latest checkpoint (finished nodes' outputs, what is pending, an agent loop's messages,
     * budget used): a run that stopped with its process continues from here.
     */
    checkpoint: jsonb('checkpoint'),
    /** What a `waiting` run waits for (an approval request with its choices and optional form). */
    pending: jsonb('pending'),
    /** What each node did, in the order they ended (a continued run's steps follow its earlier ones). */
    steps: jsonb('steps').$type<RunStep[]>(),
    /** Sequence number of the last event stored for the run (readers resume after a number). */
    lastSeq: integer('last_seq').notNull().default(0),
    /** Called (through the address guard) when the run ends or starts waiting. */
    callbackUrl: text('callback_url'),
    /** Times the run was started or continued; a run that keeps dying with its process is stopped. */
    attempts: integer('attempts').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (table) => [
    index('runs_agent_idx').on(table.agentId, table.startedAt),
    index('runs_workspace_status_idx').on(table.workspaceId, table.status),
  ],
);

/**
 * A run's events as readers see them, numbered from 1, so a reader that lost its connection (or a page
 * that was reloaded) replays from the last number it saw and then follows live.
 */
export const runEvents = pgTable(
  'run_events',
  {
    runId: text('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    event: jsonb('event').notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.seq] })],
);

/** Facts about the installation shared by every process (the check of the credentials' secret key). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/**
 * What one node did during a run: one entry of `runs.steps`, in the order the nodes ended. A run's steps
 * live in its row (written with its outcome) rather than a row each: the embedded database spent about a
 * quarter of a short run's insert on three more rows, their indexes and foreign-key checks. The
 * `run_steps` view (migration 0010) still lists them one per row for SQL readers.
 */
export interface RunStep {
  id: string;
  nodeId: string;
  nodeType: string;
  status: string;
  input: unknown;
  output: unknown;
  usage: unknown;
  error: unknown;
  /** ISO time. */
  startedAt: string | null;
  /** ISO time. */
  endedAt: string | null;
  durationMs: number | null;
}

/** Small keyed state the engine persists between runs (conversation memory windows). */
export const engineState = pgTable('engine_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/** Tokens an agent used per day, for the per-agent daily cap of public chats. */
export const agentDailyUsage = pgTable(
  'agent_daily_usage',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    tokens: integer('tokens').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.agentId, table.day] })],
);
