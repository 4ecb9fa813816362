import { and, eq } from '@agentry/db/drizzle';
import { conversations, runs } from '@agentry/db';
import {
  type ChatFile,
  type ChatMessage,
  type EngineEvent,
  type LanguageModelFactory,
  type ResumeAnswer,
  type RunCheckpoint,
  runGraph,
  type RunOptions,
} from '@agentry/engine';
import { AppError } from '../errors';
import { trackRun } from '../metrics/run-tracker';
import type { Runtime } from '../runtime';
import { type RunTraceInfo, runTraceInfo, traceRun } from '../telemetry/run-trace';
import { createEngineContext } from './engine-context';
import { credentialPricing } from './credentials';
import { credentialIdsOf, type PriceBook } from './usage-models';
import { logRunOutcome } from '../logging/run-outcome';
import { notifyRunCallback } from './run-callbacks';
import { RunEventRecorder, type StoredRunEvent } from './run-events';
import { monotonicDate, type RunOutcomeRecord, runJournal } from './run-journal';

/** Where a run came from. */
export type RunSource =
  | 'preview'
  | 'widget'
  | 'api'
  | 'cli'
  | 'openai'
  | 'mcp'
  | 'webhook'
  | 'schedule'
  | 'eval';

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
  /** Files sent with the message (stored chat files; no bytes here). */
  files?: ChatFile[];
  signal?: AbortSignal;
  options?: RunOptions;
  languageModels?: LanguageModelFactory;
  /** Called (through the address guard) when the run ends or starts waiting. */
  callbackUrl?: string;
  /** The trigger that started the run (`runs.trigger_id`); its daily token count grows by the run's use. */
  triggerId?: string | null;
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
  /** Files sent with the message (stored chat files; no bytes here). */
  files?: ChatFile[];
  options?: RunOptions;
  callbackUrl?: string | null;
  /** The trigger that started the run: the run's tokens count towards its daily cap when it ends. */
  triggerId?: string | null;
  /**
   * A stateless request (OpenAI-compatible): no stored events and no checkpoints, since its client cannot
   * reattach and nobody would read a continued run. Saves the storing on the API's busiest route.
   */
  ephemeral?: boolean;
  /** Tracing on: the requester's `traceparent` and the run span's names (a queue job carries them). */
  trace?: RunTraceInfo;
  /** Continue from a checkpoint (an answered wait, or a run whose process stopped). */
  resume?: {
    checkpoint: RunCheckpoint;
    answer?: ResumeAnswer;
    /** Added to the engine's numbers: events stored after the checkpoint keep theirs, new ones follow. */
    seqOffset: number;
  };
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
          triggerId: request.triggerId ?? null,
          status: 'running',
          // Options go with the input: a run continued after a restart needs the same limits.
          input: {
            message: request.message,
            history: request.history ?? [],
            ...(request.files ? { files: request.files } : {}),
            options: request.options,
          },
          callbackUrl: request.callbackUrl ?? null,
          attempts: 1,
          // A published version is immutable: the run points at it instead of copying its graph.
          graph: request.versionId ? null : request.graph,
          startedAt,
        },
        userMessage: request.message,
        files: request.files,
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
      files: request.files,
      options: request.options,
      callbackUrl: request.callbackUrl ?? null,
      ...(request.triggerId ? { triggerId: request.triggerId } : {}),
      ...(request.source === 'openai' ? { ephemeral: true } : {}),
      trace: runTraceInfo(runtime, request),
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
    events = queuedEvents(
      runtime,
      runtime.runQueue.enqueue(prepared, request.signal),
      prepared,
      request.source,
    );
  } else {
    events = executeRun(runtime, prepared, {
      signal: request.signal,
      languageModels: request.languageModels,
      record,
      source: request.source,
    });
  }
  return { runId: prepared.runId, conversationId: prepared.conversationId, events };
}

/**
 * Passes a queued run's events through; records the run as failed when no worker could take it. The
 * process following a queued run counts it in the metrics (`source`), since its worker serves none.
 */
export async function* queuedEvents(
  runtime: Runtime,
  events: AsyncIterable<EngineEvent>,
  prepared: PreparedRun,
  /** A RunSource (a continued run's comes from its row). */
  source: string,
): AsyncGenerator<EngineEvent> {
  const tracker = trackRun(runtime, source, prepared.resume);
  try {
    for await (const event of events) {
      tracker?.observe(event);
      if (event.type === 'run-error' && event.code === 'queue_unavailable') {
        await runtime.db
          .update(runs)
          .set({ status: 'failed', error: { code: event.code, message: event.message }, endedAt: new Date() })
          .where(eq(runs.id, prepared.runId));
      }
      yield event;
    }
  } finally {
    tracker?.close();
  }
}

/**
 * Executes a prepared run in this process, recording its steps and outcome as its events are read.
 * `source` counts the run in this process's metrics; queue workers leave it out (the web process
 * following the run counts it).
 */
export function executeRun(
  runtime: Runtime,
  prepared: PreparedRun,
  options: {
    signal?: AbortSignal;
    languageModels?: LanguageModelFactory;
    record?: () => Promise<void>;
    source?: string;
  } = {},
): AsyncIterable<EngineEvent> {
  const { runId, conversationId, resume } = prepared;
  const context = createEngineContext(runtime, {
    workspaceId: prepared.workspaceId,
    conversationId,
    runId,
    signal: options.signal,
    languageModels: options.languageModels,
  });
  // Tracing on: spans from the events and the engine's model-call reports; off: nothing is built.
  const runTrace = traceRun(runtime, prepared);
  if (runTrace) context.onModelCall = runTrace.onModelCall;
  const journal = runJournal(runtime);
  // Events held past their flush time with nothing new (a long tool call) are stored then.
  const recorder = new RunEventRecorder(() => store(recorder.drain()));
  const seqOffset = resume?.seqOffset ?? 0;
  // Without `record` the run's row exists already (a queue worker's run, a continued run).
  let recorded = !options.record;
  let held: StoredRunEvent[] = [];
  let checkpoint: RunCheckpoint | undefined;
  const logFailure = (error: unknown) =>
    runtime.logger.error({ err: error, runId }, "Could not store a run's events or checkpoint");
  const store = (rows: StoredRunEvent[]) => {
    if (rows.length === 0 || prepared.ephemeral) return;
    if (recorded) void journal.appendEvents({ runId, events: rows }).catch(logFailure);
    else held.push(...rows);
  };
  const saveCheckpoint = (saved: RunCheckpoint) => {
    void journal
      .saveCheckpoint({ runId, checkpoint: saved, lastSeq: saved.seq + seqOffset })
      .catch(logFailure);
  };
  /** Writes the start, with the events and checkpoint held until now (one shared write). */
  const record = () => {
    const started = options.record?.();
    if (!recorded) {
      recorded = true;
      store(held);
      held = [];
      if (checkpoint) saveCheckpoint(checkpoint);
    }
    return started;
  };
  const engineEvents = runGraph({
    graph: prepared.graph,
    input: { message: prepared.message, history: prepared.history, files: prepared.files },
    context,
    options: prepared.options,
    runId,
    // Only the newest is written, by the journal's next shared write: one write per commit, not per node.
    checkpoints: prepared.ephemeral
      ? undefined
      : {
          save(saved) {
            checkpoint = saved;
            if (recorded) saveCheckpoint(saved);
          },
        },
    resumeFrom: resume?.checkpoint,
    resumeWith: resume?.answer,
  });

  async function* persisted(): AsyncGenerator<EngineEvent> {
    // A run that goes on writes its start down, so it shows as running.
    const startTimer = options.record
      ? setTimeout(() => void record()?.catch(() => undefined), START_RECORD_DELAY_MS)
      : undefined;
    startTimer?.unref?.();
    const tracker = options.source ? trackRun(runtime, options.source, resume) : undefined;
    const steps: StepRecord[] = [];
    const startedAt = new Map<string, Date>();
    const inputs = new Map<string, Record<string, string>>();
    // Each node's reasoning, kept with its step for the run details (capped: a model may think at length).
    const reasoning = new Map<string, string>();
    let finished = false;
    let answer = '';
    let lastSeq = seqOffset;
    // Time to the first answer token, for the Usage page (a continued run's would not start at the request).
    const began = performance.now();
    let firstTokenMs: number | null = null;
    const finish = (outcome: Omit<RunOutcomeRecord, 'endedAt' | 'runId' | 'conversationId' | 'steps'>) => {
      store(recorder.drain());
      return runPrices(runtime, prepared.workspaceId, prepared.graph)
        .then((prices) =>
          finishRun(runtime, record, {
            runId,
            conversationId,
            steps,
            lastSeq,
            triggerId: prepared.triggerId ?? null,
            firstTokenMs,
            graph: prepared.graph,
            prices,
            ...outcome,
          }),
        )
        .then(() => notifyRunCallback(runtime, prepared.callbackUrl, runId));
    };
    try {
      for await (const engineEvent of engineEvents) {
        const event =
          seqOffset === 0
            ? engineEvent
            : ({ ...engineEvent, seq: engineEvent.seq + seqOffset } as EngineEvent);
        lastSeq = event.seq;
        tracker?.observe(event);
        if (!prepared.ephemeral) store(recorder.add(event));
        if (event.type === 'node-start') {
          startedAt.set(event.nodeId, new Date());
          inputs.set(event.nodeId, event.inputs);
        }
        if (event.type === 'node-delta' && event.feedsAnswer) {
          if (firstTokenMs === null && !resume) firstTokenMs = Math.round(performance.now() - began);
          answer += event.delta;
        }
        if (event.type === 'node-restart') reasoning.delete(event.nodeId);
        if (event.type === 'node-reasoning') {
          const sofar = reasoning.get(event.nodeId) ?? '';
          if (sofar.length < MAX_STORED_REASONING) reasoning.set(event.nodeId, sofar + event.delta);
        }
        if (event.type === 'node-end') {
          const endedAt = new Date();
          steps.push({
            nodeId: event.nodeId,
            nodeType: event.nodeType,
            status: event.status,
            input: inputs.get(event.nodeId) ?? null,
            output: stepOutput(event.outputPreview, reasoning.get(event.nodeId)),
            usage: event.usage,
            error: event.error ?? null,
            startedAt: startedAt.get(event.nodeId) ?? endedAt,
            endedAt,
            durationMs: Math.round(event.durationMs),
          });
        }
        if (event.type === 'run-waiting') {
          finished = true;
          await finish({
            status: 'waiting',
            answer: '',
            usage: event.usage,
            durationMs: event.durationMs,
            error: null,
            pending: event.request,
            checkpoint: checkpoint ?? null,
          });
        }
        if (event.type === 'run-end' || event.type === 'run-error') {
          finished = true;
          const ok = event.type === 'run-end';
          await finish({
            status: ok ? 'succeeded' : event.code === 'aborted' ? 'cancelled' : 'failed',
            answer: ok ? event.answer : event.partialAnswer,
            usage: event.usage,
            durationMs: event.durationMs,
            error: ok
              ? null
              : { code: event.code, message: event.message, nodeId: event.nodeId, problems: event.problems },
          });
        }
        yield event;
      }
    } finally {
      clearTimeout(startTimer);
      tracker?.close();
      if (!finished) {
        await finish({
          status: 'cancelled',
          answer,
          usage: null,
          durationMs: null,
          error: { code: 'cancelled', message: 'The run was stopped before it finished.' },
        });
      }
    }
  }
  return runTrace ? runTrace.wrap(persisted()) : persisted();
}

/**
 * The prices set on the credentials a run's models use, for its usage rollup; none when it uses none.
 * Pricing never fails a run: unreadable prices leave its tokens at list prices (or unpriced).
 */
async function runPrices(
  runtime: Runtime,
  workspaceId: string,
  graph: unknown,
): Promise<PriceBook | undefined> {
  const ids = credentialIdsOf(graph);
  if (ids.length === 0) return undefined;
  return credentialPricing(runtime, workspaceId, ids).catch(() => undefined);
}

/** Characters of a node's reasoning kept with its step; the rest is cut (the live stream had it whole). */
export const MAX_STORED_REASONING = 20_000;

/** A step's stored output: the preview of its main output and, when the model shared it, its reasoning. */
function stepOutput(preview: string | undefined, reasoning: string | undefined) {
  if (preview === undefined && !reasoning) return null;
  return {
    ...(preview === undefined ? {} : { preview }),
    ...(reasoning ? { reasoning: reasoning.slice(0, MAX_STORED_REASONING) } : {}),
  };
}

async function finishRun(
  runtime: Runtime,
  record: () => Promise<void> | undefined,
  outcome: Omit<RunOutcomeRecord, 'endedAt'>,
): Promise<void> {
  // A start not yet written goes with the outcome: the journal makes them one row.
  const started = record();
  logRunOutcome(runtime.logger, outcome);
  await Promise.all([started, runJournal(runtime).finish({ ...outcome, endedAt: monotonicDate() })]);
}
