import { and, eq } from '@agentry/db/drizzle';
import { conversations, runs } from '@agentry/db';
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
import { monotonicDate, type RunOutcomeRecord, runJournal } from './run-journal';

/** Where a run came from. */
export type RunSource = 'preview' | 'widget' | 'api' | 'cli' | 'openai';

/** What to run and for whom. */
export interface StartRunRequest {
  workspaceId: string;
  agentId: string;
  graph: unknown;
  versionId?: string | null;
  source: RunSource;
  /** The API key that started the run, when a key did (`runs.api_key_id`). */
  apiKeyId?: string | null;
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
    // A run of this conversation may still be on its way to the database: write it down first.
    await runJournal(runtime).writeConversation(request.conversationId);
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

type StepRecord = RunOutcomeRecord['steps'][number];

/** How long a run goes before its start is written down on its own (shorter runs are written once, at the end). */
const START_RECORD_DELAY_MS = 1_000;

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
 * (conversation, run row, the user's message) through the run journal. In-process runs call it only when
 * they last longer than a moment (START_RECORD_DELAY_MS); shorter ones are written once, when they end,
 * together with their outcome and the runs that end beside them.
 */
export async function prepareRun(runtime: Runtime, request: StartRunRequest): Promise<PreparedStart> {
  const conversation = await conversationFor(runtime, request);
  const conversationId = conversation.id;
  const runId = crypto.randomUUID();
  const startedAt = monotonicDate();
  const journal = runJournal(runtime);
  let recorded: Promise<void> | undefined;
  const record = () => {
    if (!recorded) {
      untrack();
      recorded = journal.start({
        run: {
          id: runId,
          workspaceId: request.workspaceId,
          agentId: request.agentId,
          conversationId,
          versionId: request.versionId ?? null,
          source: request.source,
          apiKeyId: request.apiKeyId ?? null,
          status: 'running',
          input: { message: request.message, history: request.history ?? [] },
          // A published version is immutable: the run points at it instead of copying its graph.
          graph: request.versionId ? null : request.graph,
          startedAt,
        },
        userMessage: request.message,
        newConversation: conversation.isNew
          ? {
              id: conversationId,
              workspaceId: request.workspaceId,
              agentId: request.agentId,
              source: request.source,
              title: request.message.slice(0, 80),
              createdAt: startedAt,
            }
          : undefined,
      });
    }
    return recorded;
  };
  // Until it is written, a follow-up message in this conversation writes it first.
  const untrack = journal.track(conversationId, record);
  return {
    record,
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
    // A run that goes on writes its start down, so it shows as running.
    const startTimer = options.record
      ? setTimeout(() => void options.record?.().catch(() => undefined), START_RECORD_DELAY_MS)
      : undefined;
    startTimer?.unref?.();
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
        if (event.type === 'node-delta' && event.feedsAnswer) answer += event.delta;
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
      clearTimeout(startTimer);
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
  outcome: Omit<RunOutcomeRecord, 'endedAt'>,
): Promise<void> {
  // A start not yet written goes with the outcome: the journal makes them one row.
  const started = record?.();
  await Promise.all([started, runJournal(runtime).finish({ ...outcome, endedAt: monotonicDate() })]);
}
