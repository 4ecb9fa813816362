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

async function ensureConversation(runtime: Runtime, request: StartRunRequest): Promise<string> {
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
    if (row) return row.id;
    throw new AppError('not_found', 'This conversation does not exist for this agent. Start a new one.');
  }
  const [created] = await runtime.db
    .insert(conversations)
    .values({
      workspaceId: request.workspaceId,
      agentId: request.agentId,
      source: request.source,
      title: request.message.slice(0, 80),
    })
    .returning({ id: conversations.id });
  return created!.id;
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

/** Records the start of a run: the conversation (new or continued), the run row and the user's message. */
export async function prepareRun(runtime: Runtime, request: StartRunRequest): Promise<PreparedRun> {
  const conversationId = await ensureConversation(runtime, request);
  const runId = crypto.randomUUID();
  await runtime.db.insert(runs).values({
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
  await runtime.db.insert(messages).values({ conversationId, role: 'user', content: request.message, runId });
  return {
    runId,
    conversationId,
    workspaceId: request.workspaceId,
    graph: request.graph,
    message: request.message,
    history: request.history,
    options: request.options,
  };
}

/**
 * Starts a run of an agent graph: records the user's message, then yields the engine's events while
 * recording node steps and, at the end, the answer, usage and status. Stopping the iteration (a closed
 * browser tab) cancels the run and aborts the provider request. With `REDIS_URL` set the run goes to a
 * queue worker and its events come back through Redis; the caller sees no difference.
 */
export async function startRun(runtime: Runtime, request: StartRunRequest): Promise<StartedRun> {
  const prepared = await prepareRun(runtime, request);
  const events =
    runtime.runQueue && !request.languageModels
      ? queuedEvents(runtime, runtime.runQueue.enqueue(prepared, request.signal), prepared)
      : executeRun(runtime, prepared, { signal: request.signal, languageModels: request.languageModels });
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
  options: { signal?: AbortSignal; languageModels?: LanguageModelFactory } = {},
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
          await finishRun(runtime, {
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
        await finishRun(runtime, {
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
  await runtime.db
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
    await runtime.db
      .insert(runSteps)
      .values(outcome.steps.map((step) => ({ runId: outcome.runId, ...step })));
  }
  if (outcome.answer) {
    await runtime.db.insert(messages).values({
      conversationId: outcome.conversationId,
      role: 'assistant',
      content: outcome.answer,
      runId: outcome.runId,
    });
  }
  const tokens = (outcome.usage?.inputTokens ?? 0) + (outcome.usage?.outputTokens ?? 0);
  await runtime.db
    .update(conversations)
    .set({ tokensUsed: sql`${conversations.tokensUsed} + ${tokens}` })
    .where(eq(conversations.id, outcome.conversationId));
}
