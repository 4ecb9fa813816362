import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { agents, agentVersions } from './agents';
import { users, workspaces } from './auth';
import { createdAt, id, updatedAt } from './columns';

/**
 * A test case of an agent (the Tests tab): an input and what the answer must satisfy. `input` and
 * `expect` hold the case format of `@agentry/engine/evals` (the same objects a `.jsonl` case file holds).
 */
export const evalCases = pgTable(
  'eval_cases',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** A message, or a list of `{ role, content }` messages ending with the user's. */
    input: jsonb('input').notNull(),
    /** The expectations, each an object named by its kind. */
    expect: jsonb('expect').notNull().default([]),
    /** Order in the Tests tab. */
    position: integer('position').notNull().default(0),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('eval_cases_agent_idx').on(table.agentId, table.position)],
);

/**
 * One run of an agent's cases against its draft (`version_id` null, at `draft_revision`) or a published
 * version. The counts grow as cases finish, so a progress bar reads one row.
 */
export const evalRuns = pgTable(
  'eval_runs',
  {
    id: id(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    /** The published version tested; null: the draft. */
    versionId: text('version_id').references(() => agentVersions.id, { onDelete: 'set null' }),
    /** The draft revision tested (draft runs only). */
    draftRevision: integer('draft_revision'),
    /** `queued`, `running`, `done`, `failed` (could not run), `cancelled` or `interrupted` (its process stopped). */
    status: text('status').notNull(),
    total: integer('total').notNull(),
    passed: integer('passed').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    concurrency: integer('concurrency').notNull(),
    /** The judge model used for `judge` expectations that name none (null: the offline judge). */
    judge: jsonb('judge'),
    error: text('error'),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /** Touched by the process running it every few seconds: a `running` run left untouched was abandoned. */
    updatedAt: updatedAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('eval_runs_agent_idx').on(table.agentId, table.createdAt)],
);

/** How one case of an eval run came out; `case` keeps the case as it was run (cases change later). */
export const evalResults = pgTable(
  'eval_results',
  {
    id: id(),
    evalRunId: text('eval_run_id')
      .notNull()
      .references(() => evalRuns.id, { onDelete: 'cascade' }),
    caseId: text('case_id').references(() => evalCases.id, { onDelete: 'set null' }),
    /** The case's position in the run (0-based), to show results in the cases' order. */
    position: integer('position').notNull(),
    case: jsonb('case').notNull(),
    /** The case's run (no foreign key: the run journal may write the run row after the result). */
    runId: text('run_id'),
    passed: boolean('passed').notNull(),
    /** The case could not run (the run failed before answering, a judge could not be reached…). */
    error: text('error'),
    /** ExpectationResult[] */
    expectations: jsonb('expectations').notNull(),
    answer: text('answer').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    costUsd: doublePrecision('cost_usd'),
    /** The CaseOutcome's tool calls, branches and sources, for the results table. */
    outcome: jsonb('outcome').notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('eval_results_run_position_idx').on(table.evalRunId, table.position)],
);
