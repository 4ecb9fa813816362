import { and, eq, sql } from '@agentry/db/drizzle';
import { conversations, messages, runs, runSteps } from '@agentry/db';
import {
  type ChatMessage,
  type EngineEvent,
  type LanguageModelFactory,
  runGraph,
  type RunOptions,
} from '@agentry/engine';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { createEngineContext } from './engine-context';

/** Where a run came from. */
export type RunSource = 'preview' | 'widget' | 'api' | 'cli' | 'openai';

/** What to run and for whom. */
export interface StartRunRequest {
  workspaceId: string;
  agentId: string;
  graph: unknown;
  versionId?: string | null;
  source: RunSource;
  /** Continue this conversation (must belong to the agent); a new one is created when absent. */
  conversationId?: string;
  message: string;
  history?: ChatMessage[];
  signal?: AbortSignal;
  options?: RunOptions;
  languageModels?: LanguageModelFactory;
}

/** A started run: its ids and its events, which persist the run as they are read. */
export interface StartedRun {
  runId: string;
  conversationId: string;
  events: AsyncIterable<EngineEvent>;
}

/** Checks that a continued conversation belongs to the agent; a new one gets a fresh id (inserted later). */
async function conversationFor(
  runtime: Runtime,
  request: StartRunRequest,
): Promise<{ id: string; isNew: boolean }> {
  if (request.conversationId) {
    const [row] = await runtime.db
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.id, request.conversationId),
          eq(conversations.agentId, request.agentId),
          eq(conversations.workspaceId, request.workspaceId),
        ),
      );
    if (row) return { id: row.id, isNew: false };
    throw new AppError('not_found', 'This conversation does not exist for this agent. Start a new one.');
  }
  return { id: crypto.randomUUID(), isNew: true };
}

interface StepRecord {
  nodeId: string;
  nodeType: string;
  status: string;
  input: unknown;
  output: unknown;
  usage: unknown;
  error: unknown;
  startedAt: Date;
  endedAt: Date;
  durationMs: number;
}

/** A run recorded as started: what the engine needs to execute it, all of it serialisable (for queues). */
export interface PreparedRun {
  runId: string;
  conversationId: string;
  workspaceId: string;
  graph: unknown;
  message: string;
  history?: ChatMessage[];
  options?: RunOptions;
}

/** A prepared run and how to write its start down. */
export interface PreparedStart {
  prepared: PreparedRun;
  /** Stores the conversation, run row and user message (once, however often it is called). */
  record: () => Promise<void>;
}

/**
 * Prepares a run: checks a continued conversation and returns `record`, which writes the start
 * (conversation, run row, the user's message) in one transaction. In-process runs call it once the first
 * token is out: the embedded database runs one statement at a time, and writes queued ahead of the run's
 * own reads (conversation memory) would hold up the first token.
 */
export async function prepareRun(runtime: Runtime, request: StartRunRequest): Promise<PreparedStart> {
  const conversation = await conversationFor(runtime, request);
  const conversationId = conversation.id;
  const runId = crypto.randomUUID();
  const write = () =>
    runtime.db.transaction(async (tx) => {
      if (conversation.isNew) {
        await tx.insert(conversations).values({
          id: conversationId,
          workspaceId: request.workspaceId,
          agentId: request.agentId,
          source: request.source,
          title: request.message.slice(0, 80),
        });
      }
      await tx.insert(runs).values({
        id: runId,
        workspaceId: request.workspaceId,
        agentId: request.agentId,
        conversationId,
        versionId: request.versionId ?? null,
        source: request.source,
        status: 'running',
        input: { message: request.message, history: request.history ?? [] },
        graph: request.graph,
      });
      await tx.insert(messages).values({ conversationId, role: 'user', content: request.message, runId });
    });
  let recorded: Promise<void> | undefined;
  return {
    record: () => {
      recorded ??= write();
      return recorded;
    },
    prepared: {
      runId,
      conversationId,
      workspaceId: request.workspaceId,
      graph: request.graph,
      message: request.message,
      history: request.history,
      options: request.options,
    },
  };
}

/**
 * Starts a run of an agent graph: records the user's message, then yields the engine's events while
 * recording node steps and, at the end, the answer, usage and status. Stopping the iteration (a closed
 * browser tab) cancels the run and aborts the provider request. With `REDIS_URL` set the run goes to a
 * queue worker and its events come back through Redis; the caller sees no difference.
 */
export async function startRun(runtime: Runtime, request: StartRunRequest): Promise<StartedRun> {
  const { prepared, record } = await prepareRun(runtime, request);
  let events: AsyncIterable<EngineEvent>;
  if (runtime.runQueue && !request.languageModels) {
    // A worker updates the run row, so it must exist before the run is queued.
    await record();
    events = queuedEvents(runtime, runtime.runQueue.enqueue(prepared, request.signal), prepared);
  } else {
    events = executeRun(runtime, prepared, {
      signal: request.signal,
      languageModels: request.languageModels,
      record,
    });
  }
  return { runId: prepared.runId, conversationId: prepared.conversationId, events };
}

/** Passes a queued run's events through; records the run as failed when no worker could take it. */
async function* queuedEvents(
  runtime: Runtime,
  events: AsyncIterable<EngineEvent>,
  prepared: PreparedRun,
): AsyncGenerator<EngineEvent> {
  for await (const event of events) {
    if (event.type === 'run-error' && event.code === 'queue_unavailable') {
      await runtime.db
        .update(runs)
        .set({ status: 'failed', error: { code: event.code, message: event.message }, endedAt: new Date() })
        .where(eq(runs.id, prepared.runId));
    }
    yield event;
  }
}

/** Executes a prepared run in this process, recording its steps and outcome as its events are read. */
export function executeRun(
  runtime: Runtime,
  prepared: PreparedRun,
  options: { signal?: AbortSignal; languageModels?: LanguageModelFactory; record?: () => Promise<void> } = {},
): AsyncIterable<EngineEvent> {
  const { runId, conversationId } = prepared;
  const context = createEngineContext(runtime, {
    workspaceId: prepared.workspaceId,
    conversationId,
    signal: options.signal,
    languageModels: options.languageModels,
  });
  const engineEvents = runGraph({
    graph: prepared.graph,
    input: { message: prepared.message, history: prepared.history },
    context,
    options: prepared.options,
    runId,
  });

  async function* persisted(): AsyncGenerator<EngineEvent> {
    const steps: StepRecord[] = [];
    const startedAt = new Map<string, Date>();
    const inputs = new Map<string, Record<string, string>>();
    let finished = false;
    let answer = '';
    try {
      for await (const event of engineEvents) {
        if (event.type === 'node-start') {
          startedAt.set(event.nodeId, new Date());
          inputs.set(event.nodeId, event.inputs);
        }
        if (event.type === 'node-delta' && event.feedsAnswer) {
          answer += event.delta;
          // The first token is on its way: now write down the start of the run.
          if (answer.length === event.delta.length) void options.record?.().catch(() => undefined);
        }
        if (event.type === 'node-end') {
          const endedAt = new Date();
          steps.push({
            nodeId: event.nodeId,
            nodeType: event.nodeType,
            status: event.status,
            input: inputs.get(event.nodeId) ?? null,
            output: event.outputPreview === undefined ? null : { preview: event.outputPreview },
            usage: event.usage,
            error: event.error ?? null,
            startedAt: startedAt.get(event.nodeId) ?? endedAt,
            endedAt,
            durationMs: Math.round(event.durationMs),
          });
        }
        if (event.type === 'run-end' || event.type === 'run-error') {
          finished = true;
          const ok = event.type === 'run-end';
          const text = ok ? event.answer : event.partialAnswer;
          await finishRun(runtime, options.record, {
            runId,
            conversationId,
            status: ok ? 'succeeded' : event.code === 'aborted' ? 'cancelled' : 'failed',
            answer: text,
            usage: event.usage,
            durationMs: event.durationMs,
            error: ok
              ? null
              : { code: event.code, message: event.message, nodeId: event.nodeId, problems: event.problems },
            steps,
          });
        }
        yield event;
      }
    } finally {
      if (!finished) {
        await finishRun(runtime, options.record, {
          runId,
          conversationId,
          status: 'cancelled',
          answer,
          usage: null,
          durationMs: null,
          error: { code: 'cancelled', message: 'The run was stopped before it finished.' },
          steps,
        });
      }
    }
  }
  return persisted();
}

async function finishRun(
  runtime: Runtime,
  record: (() => Promise<void>) | undefined,
  outcome: {
    runId: string;
    conversationId: string;
    status: string;
    answer: string;
    usage: { inputTokens: number; outputTokens: number } | null;
    durationMs: number | null;
    error: unknown;
    steps: StepRecord[];
  },
): Promise<void> {
  // The start of the run is written while it streams; its outcome goes after, in one transaction
  // (one commit instead of four: on the embedded database each commit is a write to disk).
  await record?.();
  const tokens = (outcome.usage?.inputTokens ?? 0) + (outcome.usage?.outputTokens ?? 0);
  await runtime.db.transaction(async (tx) => {
    await tx
      .update(runs)
      .set({
        status: outcome.status,
        answer: outcome.answer,
        usage: outcome.usage,
        error: outcome.error,
        endedAt: new Date(),
        durationMs: outcome.durationMs === null ? null : Math.round(outcome.durationMs),
      })
      .where(eq(runs.id, outcome.runId));
    if (outcome.steps.length) {
      await tx.insert(runSteps).values(outcome.steps.map((step) => ({ runId: outcome.runId, ...step })));
    }
    if (outcome.answer) {
      await tx.insert(messages).values({
        conversationId: outcome.conversationId,
        role: 'assistant',
        content: outcome.answer,
        runId: outcome.runId,
      });
    }
    await tx
      .update(conversations)
      .set({ tokensUsed: sql`${conversations.tokensUsed} + ${tokens}` })
      .where(eq(conversations.id, outcome.conversationId));
  });
}
