import type { conversations, RunStep, runs } from '@agentry/db';
import { sql } from '@agentry/db/drizzle';
import type { Runtime } from '../runtime';
import { RuntimeSlot } from '../runtime-slot';
import type { PriceBook } from './usage-models';
import { usageContributions } from './usage-rollups';
import { usageWrites } from './usage-writes';

/** The start of a run: its row, its user message and, for a new conversation, the conversation. */
export interface RunStartRecord {
  run: typeof runs.$inferInsert & { id: string; conversationId: string; startedAt: Date };
  userMessage: string;
  /** Files sent with the user message: attached to the conversation and listed in the message's parts. */
  files?: readonly { id: string; name: string; mediaType: string; size: number }[];
  /** The conversation to create with the run, when it is new. */
  newConversation?: typeof conversations.$inferInsert & { id: string };
}

/** How a run ended. */
export interface RunOutcomeRecord {
  runId: string;
  conversationId: string;
  status: string;
  answer: string;
  usage: { inputTokens: number; outputTokens: number } | null;
  error: unknown;
  durationMs: number | null;
  endedAt: Date;
  /** What each node did (appended to the steps the run's row already has: a continued run's come after). */
  steps: StepRecord[];
  /** What a `waiting` run waits for (null otherwise). */
  pending?: unknown;
  /** The checkpoint to keep: a waiting run's; null for a run that ended (nothing left to continue). */
  checkpoint?: unknown;
  /** Sequence number of the run's last event. */
  lastSeq?: number;
  /** The trigger that started the run: its daily token count grows by the run's tokens. */
  triggerId?: string | null;
  /** Milliseconds from the run's start to the first token of its answer (null: none, or not measured). */
  firstTokenMs?: number | null;
  /** The graph that ran: its nodes' models price the steps' tokens in the usage rollups. */
  graph?: unknown;
  /** Prices set on the credentials the graph's models use (read when the run ended), before list prices. */
  prices?: PriceBook;
}

/** One node's step as the run ends it: a `RunStep` without its id, its times as dates. */
export type StepRecord = Omit<RunStep, 'id' | 'startedAt' | 'endedAt'> & {
  startedAt: Date | null;
  endedAt: Date | null;
};

/** Events of a run to store, numbered (`seq`), as readers replay them. */
export interface RunEventsRecord {
  runId: string;
  events: { seq: number; event: unknown }[];
}

/** The latest checkpoint of a run in progress (only the newest waiting one is written). */
export interface RunCheckpointRecord {
  runId: string;
  checkpoint: unknown;
  lastSeq: number;
}

interface Pending<T> {
  record: T;
  resolve(): void;
  reject(error: unknown): void;
}

let lastTimestamp = 0;

/**
 * Now, but always later than the last time this returned: a conversation's messages are ordered by
 * these times, and a fast run (the offline model answers in under a millisecond) would otherwise give
 * its question and answer, or an answer and the next question, the same millisecond.
 */
export function monotonicDate(): Date {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return new Date(lastTimestamp);
}

/** A waiting run is counted once, when it ends (its usage then covers the part before the wait). */
const tokensOf = (outcome: RunOutcomeRecord) =>
  outcome.status === 'waiting' ? 0 : (outcome.usage?.inputTokens ?? 0) + (outcome.usage?.outputTokens ?? 0);

/** Everything one shared write carries. */
interface Batch {
  starts: Pending<RunStartRecord>[];
  outcomes: Pending<RunOutcomeRecord>[];
  events: Pending<RunEventsRecord>[];
  checkpoints: Pending<RunCheckpointRecord>[];
}

const batchSize = (batch: Batch) =>
  batch.starts.length + batch.outcomes.length + batch.events.length + batch.checkpoints.length;

/**
 * Writes the records of runs (their start and their outcome) in shared transactions: whatever is waiting
 * when a write starts goes in it, with one multi-row statement per table, and whatever arrives meanwhile
 * goes in the next (group commit). Under load a commit serves many runs instead of each run paying
 * for two; a run's start and outcome that wait together become one row. Each record's promise settles
 * when it is written; when a shared write fails, its records are retried one by one, so one bad record
 * fails alone. A run's numbered events and its latest checkpoint ride along (a checkpoint replaced before
 * its write is dropped: one write per run per commit, however many nodes ended meanwhile).
 */
export class RunJournal {
  private starts = new Map<string, Pending<RunStartRecord>>();
  private outcomes = new Map<string, Pending<RunOutcomeRecord>>();
  private events: Pending<RunEventsRecord>[] = [];
  private checkpoints = new Map<string, Pending<RunCheckpointRecord>>();
  private writing: Promise<void> | undefined;
  /** The conversations of the records being written now. */
  private writingConversations = new Set<string>();
  private scheduled = false;
  /** Runs in progress whose start is not written yet, by conversation. */
  private unwritten = new Map<string, Set<() => Promise<void>>>();

  constructor(private readonly runtime: Runtime) {}

  /** Writes a run's start (with the next shared write). */
  start(record: RunStartRecord): Promise<void> {
    return this.add(this.starts, record.run.id, record);
  }

  /** Writes a run's outcome (with the next shared write, after its start). */
  finish(record: RunOutcomeRecord): Promise<void> {
    return this.add(this.outcomes, record.runId, record);
  }

  /** Stores numbered events of a run whose start is written or waiting to be (with the next shared write). */
  appendEvents(record: RunEventsRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.events.push({ record, resolve, reject });
      this.schedule();
    });
  }

  /** Keeps a run's latest checkpoint; one that replaces an unwritten one settles with the newer write. */
  saveCheckpoint(record: RunCheckpointRecord): Promise<void> {
    const replaced = this.checkpoints.get(record.runId);
    return new Promise<void>((resolve, reject) => {
      this.checkpoints.set(record.runId, {
        record,
        resolve: () => {
          replaced?.resolve();
          resolve();
        },
        reject: (error) => {
          replaced?.reject(error);
          reject(error);
        },
      });
      this.schedule();
    });
  }

  private hasWaiting(): boolean {
    return (
      this.starts.size > 0 || this.outcomes.size > 0 || this.events.length > 0 || this.checkpoints.size > 0
    );
  }

  /** Resolves once everything waiting now is written (failures are reported to their own callers). */
  async settled(): Promise<void> {
    while (this.writing || this.scheduled || this.hasWaiting()) {
      if (this.writing) await this.writing;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Notes a run of this conversation whose start is not written yet; `record` writes it. Returns the
   * function that forgets it again (called once the start is on its way).
   */
  track(conversationId: string, record: () => Promise<void>): () => void {
    let runs = this.unwritten.get(conversationId);
    if (!runs) {
      runs = new Set();
      this.unwritten.set(conversationId, runs);
    }
    runs.add(record);
    return () => {
      runs.delete(record);
      if (runs.size === 0 && this.unwritten.get(conversationId) === runs)
        this.unwritten.delete(conversationId);
    };
  }

  /**
   * Writes down everything of this conversation that is still on its way (runs in progress, records
   * waiting), so that reading the conversation next sees it. Costs nothing when there is nothing.
   */
  async writeConversation(conversationId: string): Promise<void> {
    const runs = this.unwritten.get(conversationId);
    const starting = runs ? [...runs].map((record) => record().catch(() => undefined)) : [];
    if (starting.length > 0) await Promise.all(starting);
    else if (this.hasPending(conversationId) || this.writingConversations.has(conversationId))
      await this.settled();
  }

  private hasPending(conversationId: string): boolean {
    for (const { record } of this.starts.values())
      if (record.run.conversationId === conversationId) return true;
    for (const { record } of this.outcomes.values())
      if (record.conversationId === conversationId) return true;
    return false;
  }

  private add<T>(into: Map<string, Pending<T>>, runId: string, record: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      into.set(runId, { record, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // One turn of the event loop lets the records of concurrent runs gather.
    setImmediate(() => {
      this.scheduled = false;
      void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    const batch: Batch = {
      starts: [...this.starts.values()],
      outcomes: [...this.outcomes.values()],
      events: this.events,
      checkpoints: [...this.checkpoints.values()],
    };
    this.starts.clear();
    this.outcomes.clear();
    this.events = [];
    this.checkpoints.clear();
    if (batchSize(batch) === 0) return;
    this.writingConversations = new Set([
      ...batch.starts.map((entry) => entry.record.run.conversationId),
      ...batch.outcomes.map((entry) => entry.record.conversationId),
    ]);
    this.writing = this.writeBatch(batch);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
      this.writingConversations.clear();
      if (this.hasWaiting()) this.schedule();
    }
  }

  /** Writes a batch; when it fails and holds several runs, writes each run alone to find the bad one. */
  private async writeBatch(batch: Batch, oneRun = false): Promise<void> {
    const entries = [...batch.starts, ...batch.outcomes, ...batch.events, ...batch.checkpoints];
    try {
      await writeRecords(this.runtime, {
        starts: batch.starts.map((entry) => entry.record),
        outcomes: batch.outcomes.map((entry) => entry.record),
        events: batch.events.map((entry) => entry.record),
        checkpoints: batch.checkpoints.map((entry) => entry.record),
      });
      for (const entry of entries) entry.resolve();
      // Ended runs count on the Usage page once their rows are written (gathered, then one upsert).
      usageWrites(this.runtime).add(
        usageContributions(
          batch.starts.map((entry) => entry.record),
          batch.outcomes.map((entry) => entry.record),
        ),
      );
    } catch (error) {
      if (oneRun) {
        for (const entry of entries) entry.reject(error);
        return;
      }
      // Group by run, starts first (a run's events need its row), and write each run alone.
      const byRun = new Map<string, Batch>();
      const of = (runId: string) => {
        let runBatch = byRun.get(runId);
        if (!runBatch) {
          runBatch = { starts: [], outcomes: [], events: [], checkpoints: [] };
          byRun.set(runId, runBatch);
        }
        return runBatch;
      };
      for (const entry of batch.starts) of(entry.record.run.id).starts.push(entry);
      for (const entry of batch.outcomes) of(entry.record.runId).outcomes.push(entry);
      for (const entry of batch.events) of(entry.record.runId).events.push(entry);
      for (const entry of batch.checkpoints) of(entry.record.runId).checkpoints.push(entry);
      for (const runBatch of byRun.values()) await this.writeBatch(runBatch, true);
    }
  }
}

/**
 * Writes starts and outcomes in one statement: each table's rows go as one JSON parameter, inserted (or,
 * for runs whose start was written earlier, updated) by data-modifying CTEs. A single statement is atomic,
 * needs no transaction, and costs one round trip however many runs it carries.
 */
async function writeRecords(
  runtime: Runtime,
  {
    starts,
    outcomes,
    events,
    checkpoints,
  }: {
    starts: RunStartRecord[];
    outcomes: RunOutcomeRecord[];
    events: RunEventsRecord[];
    checkpoints: RunCheckpointRecord[];
  },
): Promise<void> {
  const outcomeOf = new Map(outcomes.map((outcome) => [outcome.runId, outcome]));
  // An outcome says what becomes of the checkpoint; a run inserted here carries its checkpoint in its row
  // (statements of one command do not see each other's rows, so an update would miss it).
  const checkpointOf = new Map(
    checkpoints.filter((entry) => !outcomeOf.has(entry.runId)).map((entry) => [entry.runId, entry]),
  );
  const startedHere = new Set(starts.map((start) => start.run.id));
  // Tokens of new conversations are counted in their insert; earlier ones get an update.
  const tokensByConversation = new Map<string, number>();
  for (const outcome of outcomes) {
    tokensByConversation.set(
      outcome.conversationId,
      (tokensByConversation.get(outcome.conversationId) ?? 0) + tokensOf(outcome),
    );
  }
  const newConversations = starts.flatMap(({ newConversation: conversation }) => {
    if (!conversation) return [];
    const tokens = tokensByConversation.get(conversation.id) ?? 0;
    tokensByConversation.delete(conversation.id);
    return [
      {
        id: conversation.id,
        workspace_id: conversation.workspaceId,
        agent_id: conversation.agentId,
        source: conversation.source,
        title: conversation.title ?? '',
        tokens_used: tokens,
        created_at: conversation.createdAt ?? new Date(),
        updated_at: conversation.createdAt ?? new Date(),
      },
    ];
  });
  const newRuns = starts.map(({ run }) => {
    const outcome = outcomeOf.get(run.id);
    return {
      id: run.id,
      workspace_id: run.workspaceId,
      agent_id: run.agentId,
      conversation_id: run.conversationId,
      version_id: run.versionId ?? null,
      source: run.source,
      api_key_id: run.apiKeyId ?? null,
      trigger_id: run.triggerId ?? null,
      input: run.input,
      graph: run.graph ?? null,
      started_at: run.startedAt,
      // jsonb_populate_recordset gives absent keys null, not the column's default: spell out the not-null ones.
      last_seq: 0,
      attempts: run.attempts ?? 0,
      callback_url: run.callbackUrl ?? null,
      ...checkpointRow(checkpointOf.get(run.id)),
      ...(outcome ? outcomeRow(outcome) : { status: run.status, answer: '', steps: null }),
    };
  });
  const savedCheckpoints = [...checkpointOf.values()]
    .filter((entry) => !startedHere.has(entry.runId))
    .map((entry) => ({ id: entry.runId, ...checkpointRow(entry) }));
  const newEvents = events.flatMap((record) =>
    record.events.map((entry) => ({
      run_id: record.runId,
      seq: entry.seq,
      event: entry.event,
      created_at: new Date(),
    })),
  );
  const endedRuns = outcomes
    .filter((outcome) => !startedHere.has(outcome.runId))
    .map((outcome) => ({ id: outcome.runId, ...outcomeRow(outcome) }));
  const newMessages = [
    ...starts.map((start) => ({
      id: crypto.randomUUID(),
      conversation_id: start.run.conversationId,
      role: 'user',
      content: start.userMessage,
      parts: start.files?.length
        ? start.files.map((file) => ({
            type: 'file',
            id: file.id,
            name: file.name,
            mediaType: file.mediaType,
            size: file.size,
          }))
        : null,
      run_id: start.run.id,
      created_at: start.run.startedAt,
    })),
    ...outcomes
      .filter((outcome) => outcome.answer && outcome.status !== 'waiting')
      .map((outcome) => ({
        id: crypto.randomUUID(),
        conversation_id: outcome.conversationId,
        role: 'assistant',
        content: outcome.answer,
        run_id: outcome.runId,
        created_at: outcome.endedAt,
      })),
  ];
  // Files sent with a message belong to its conversation from now on (and are no longer swept).
  const attachedFiles = starts.flatMap((start) =>
    (start.files ?? []).map((file) => ({
      id: file.id,
      conversation_id: start.run.conversationId,
      workspace_id: start.run.workspaceId,
    })),
  );
  const usedTokens = [...tokensByConversation].map(([id, tokens]) => ({ id, tokens }));
  // A trigger's daily cap counts its runs' tokens as they end, on the UTC day they end.
  const tokensByTrigger = new Map<string, number>();
  for (const outcome of outcomes) {
    const tokens = tokensOf(outcome);
    if (outcome.triggerId && tokens > 0)
      tokensByTrigger.set(outcome.triggerId, (tokensByTrigger.get(outcome.triggerId) ?? 0) + tokens);
  }
  const today = new Date().toISOString().slice(0, 10);
  const triggerTokens = [...tokensByTrigger].map(([id, tokens]) => ({ id, tokens, day: today }));
  const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;
  const insert = (table: string, rows: unknown[]) =>
    sql`insert into ${sql.identifier(table)} select * from jsonb_populate_recordset(null::${sql.identifier(table)}, ${json(rows)})`;
  // Only the parts with rows: planning an empty part costs as much as running a full one.
  const parts = [
    newConversations.length > 0 && insert('conversations', newConversations),
    newRuns.length > 0 && insert('runs', newRuns),
    endedRuns.length > 0 &&
      sql`update runs set status = ended.status, answer = ended.answer, usage = ended.usage,
        error = ended.error, ended_at = ended.ended_at, duration_ms = ended.duration_ms,
        pending = ended.pending, checkpoint = ended.checkpoint,
        steps = case when ended.steps is null then runs.steps else coalesce(runs.steps, '[]'::jsonb) || ended.steps end,
        last_seq = greatest(runs.last_seq, coalesce(ended.last_seq, 0))
        from jsonb_populate_recordset(null::runs, ${json(endedRuns)}) as ended where runs.id = ended.id`,
    savedCheckpoints.length > 0 &&
      sql`update runs set checkpoint = saved.checkpoint, last_seq = greatest(runs.last_seq, saved.last_seq)
        from jsonb_populate_recordset(null::runs, ${json(savedCheckpoints)}) as saved where runs.id = saved.id`,
    newEvents.length > 0 &&
      sql`insert into run_events select * from jsonb_populate_recordset(null::run_events, ${json(newEvents)})
        on conflict (run_id, seq) do nothing`,
    newMessages.length > 0 && insert('messages', newMessages),
    attachedFiles.length > 0 &&
      sql`update chat_files set conversation_id = attached.conversation_id
        from jsonb_to_recordset(${json(attachedFiles)}) as attached(id text, conversation_id text, workspace_id text)
        where chat_files.id = attached.id and chat_files.workspace_id = attached.workspace_id
        and chat_files.conversation_id is null`,
    usedTokens.length > 0 &&
      sql`update conversations set tokens_used = conversations.tokens_used + used.tokens, updated_at = now()
        from jsonb_to_recordset(${json(usedTokens)}) as used(id text, tokens integer)
        where conversations.id = used.id`,
    triggerTokens.length > 0 &&
      sql`update triggers set usage_day = used.day,
        tokens_today = case when triggers.usage_day = used.day then triggers.tokens_today + used.tokens else used.tokens end
        from jsonb_to_recordset(${json(triggerTokens)}) as used(id text, tokens integer, day text)
        where triggers.id = used.id`,
  ].filter((part) => part !== false);
  if (parts.length === 0) return;
  const last = parts.pop()!;
  const ctes = parts.map((part, index) => sql`${sql.raw(`part${index}`)} as (${part})`);
  await runtime.db.execute(ctes.length > 0 ? sql`with ${sql.join(ctes, sql`, `)} ${last}` : last);
}

/** A run's outcome as columns of its row; a waiting run has not ended. */
function outcomeRow(outcome: RunOutcomeRecord) {
  const waiting = outcome.status === 'waiting';
  return {
    status: outcome.status,
    answer: outcome.answer,
    usage: outcome.usage,
    error: outcome.error ?? null,
    ended_at: waiting ? null : outcome.endedAt,
    duration_ms: outcome.durationMs === null ? null : Math.round(outcome.durationMs),
    pending: outcome.pending ?? null,
    checkpoint: outcome.checkpoint ?? null,
    last_seq: outcome.lastSeq ?? 0,
    steps: outcome.steps.map(
      (step): RunStep => ({
        ...step,
        id: crypto.randomUUID(),
        startedAt: step.startedAt?.toISOString() ?? null,
        endedAt: step.endedAt?.toISOString() ?? null,
      }),
    ),
  };
}

/** A checkpoint as columns of its run's row. */
function checkpointRow(entry: RunCheckpointRecord | undefined) {
  return entry ? { checkpoint: entry.checkpoint, last_seq: entry.lastSeq } : {};
}

const journals = new RuntimeSlot<RunJournal>('run-journal');

/** The runtime's journal of runs. */
export function runJournal(runtime: Runtime): RunJournal {
  let journal = journals.get(runtime);
  if (!journal) {
    journal = new RunJournal(runtime);
    journals.set(runtime, journal);
  }
  return journal;
}
