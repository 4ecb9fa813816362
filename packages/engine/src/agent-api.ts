import { checkParameter, type AgentParameters } from './agent/agent-parameters';
import {
  type AgentModelInput,
  type AgentToolName,
  buildAgentGraph,
  parseModelInput,
} from './agent/agent-graph';
import { EngineError } from './errors';
import type { GraphInput } from './format/graph-schema';
import { isProviderId } from './providers';
import { createMemoryCheckpoints, type ResumeAnswer, type RunCheckpoint } from './runtime/checkpoint';
import { collectRun } from './runtime/collect-run';
import type { RunContext } from './runtime/context';
import type { ApprovalRequest, EngineEvent } from './runtime/events';
import { createMemoryContext } from './runtime/in-memory';
import type {
  IngestProgress,
  KnowledgeStore,
  TrainDocument,
  TrainedDocument,
} from './knowledge/knowledge-types';
import { createMemoryKnowledge } from './knowledge/memory-knowledge';
import { type RunOptions, runGraph } from './runtime/run-graph';
import { createThreadCodeRunner, type ThreadCodeRunner } from './tools/thread-code-runner';

let sharedCodeRunner: ThreadCodeRunner | undefined;

/**
 * Code tools of every Agent in this process run on one pool of worker threads, created on first use:
 * in-process, a busy loop would block the caller's event loop until its time limit.
 */
function agentCodeRunner(): ThreadCodeRunner {
  sharedCodeRunner ??= createThreadCodeRunner();
  return sharedCodeRunner;
}

/** Options of `new Agent()`. */
export interface AgentOptions {
  name?: string;
  instructions?: string;
  /** "offline" (default), "openai/gpt-5-mini", or `{ provider, model, baseURL, credentialId }`. */
  model?: AgentModelInput;
  /** Built-in tools to attach. */
  tools?: AgentToolName[];
  /** Messages remembered between calls (default 20). */
  memoryWindow?: number;
  /**
   * Storage, secrets, clock...; defaults keep everything in memory, and Code tools run on a shared pool of
   * worker threads (`createThreadCodeRunner`; pass `runCode` to change it).
   */
  context?: Partial<RunContext>;
  /**
   * Where `train()` puts documents and the agent searches them: in memory by default
   * (`createMemoryKnowledge()`), or the server's knowledge bases (`createDatabaseKnowledge()` of @agentry/api).
   */
  knowledge?: KnowledgeStore;
  /** The knowledge base `train()` fills (default: one of this agent's own). */
  knowledgeBaseId?: string;
  runOptions?: RunOptions;
}

/** A failed generateResponse/stream: the engine's code and message, and what was written before. */
export class AgentRunError extends EngineError {
  readonly partialAnswer: string;
  constructor(code: EngineError['code'], message: string, partialAnswer: string) {
    super(code, message);
    this.name = 'AgentRunError';
    this.partialAnswer = partialAnswer;
  }
}

/** generateResponse() reached a question for a person: answer it with `agent.resume(error.runId, …)`. */
export class AgentWaitingError extends Error {
  constructor(
    readonly runId: string,
    readonly request: ApprovalRequest,
  ) {
    super(`The run waits for a person: ${request.message}`);
    this.name = 'AgentWaitingError';
  }
}

/** How agent.run()/resume() ended: an answer, or a question for a person to continue with resume(). */
export type AgentRunResult =
  | { status: 'done'; runId: string; answer: string }
  | { status: 'waiting'; runId: string; request: ApprovalRequest; checkpoint: RunCheckpoint };

/** An answer for agent.resume(): the request id is filled in from the waiting run. */
export type AgentAnswer =
  | { choice: string; form?: Record<string, unknown>; reason?: string }
  | { timedOut: true };

/**
 * A programmatic agent. It is a graph underneath (Chat Input → Agent with Model and Memory → Chat
 * Output), run by the same engine as the canvas; consecutive calls share one conversation memory.
 */
export class Agent {
  readonly name: string;
  /** Checkpoints of this agent's runs, in memory: what resume() continues from. */
  private readonly checkpoints = createMemoryCheckpoints({ keepHistory: false });
  private readonly messages = new Map<string, string>();
  private graphSource: GraphInput | undefined;
  private graph: GraphInput | undefined;
  private readonly instructions: string;
  private model: Record<string, unknown>;
  private readonly parameters: Partial<AgentParameters> = {};
  private readonly tools: readonly AgentToolName[];
  private readonly memoryWindow: number;
  private readonly context: RunContext;
  private readonly runOptions: RunOptions | undefined;
  private readonly knowledge: KnowledgeStore;
  private readonly knowledgeBaseId: string;
  private trained = false;

  constructor(options: AgentOptions = {}) {
    this.name = options.name ?? 'Agent';
    this.instructions = options.instructions ?? 'You are a helpful assistant.';
    this.model = parseModelInput(options.model ?? 'offline', isProviderId);
    this.tools = options.tools ?? [];
    this.memoryWindow = options.memoryWindow ?? 20;
    this.context = createMemoryContext(options.context);
    this.runOptions = options.runOptions;
    this.knowledge = options.knowledge ?? createMemoryKnowledge();
    this.knowledgeBaseId = options.knowledgeBaseId ?? `agent-${crypto.randomUUID()}`;
    this.context.knowledge ??= this.knowledge;
    // Each agent is its own key, so one agent's code cannot hold every thread while another waits.
    const codeKey = `agent-${crypto.randomUUID()}`;
    this.context.runCode ??= (code, runOptions) =>
      agentCodeRunner()(code, { ...runOptions, key: runOptions.key ?? codeKey });
  }

  /** An agent running a graph made on the canvas; setModel/setParameter change every Model node in it. */
  static fromGraph(
    graph: GraphInput,
    options: Omit<AgentOptions, 'instructions' | 'model' | 'tools'> = {},
  ): Agent {
    const agent = new Agent(options);
    agent.graphSource = graph;
    agent.model = {};
    return agent;
  }

  /** Switches the model: "provider/model", a provider id, or settings. */
  setModel(model: AgentModelInput): this {
    this.model = parseModelInput(model, isProviderId);
    this.graph = undefined;
    return this;
  }

  /** Sets a generation parameter; unknown and training-only names are refused with the accepted list. */
  setParameter(name: string, value: unknown): this {
    const checked = checkParameter(name, value);
    this.parameters[checked.name] = checked.value as never;
    this.graph = undefined;
    return this;
  }

  /** The parameters set so far. */
  getParameters(): Readonly<Partial<AgentParameters>> {
    return { ...this.parameters };
  }

  /** The graph this agent runs (open it on the canvas, save it with `agentry import`). */
  toGraph(): GraphInput {
    if (this.graph) return this.graph;
    const modelSettings = { ...this.model, ...this.parameters };
    if (this.graphSource) {
      this.graph = {
        ...this.graphSource,
        nodes: this.graphSource.nodes.map((node) =>
          node.type === 'model'
            ? { ...node, data: { ...node.data, config: { ...node.data.config, ...modelSettings } } }
            : node,
        ),
      };
    } else {
      this.graph = buildAgentGraph({
        name: this.name,
        instructions: this.instructions,
        model: modelSettings,
        memoryWindow: this.memoryWindow,
        tools: this.tools,
        knowledgeBaseId: this.trained ? this.knowledgeBaseId : undefined,
      });
    }
    return this.graph;
  }

  /**
   * Gives the agent knowledge: extracts, chunks and indexes the documents (text, or file bytes), then
   * attaches a `search_knowledge` tool so answers cite them as [1], [2]. Each document fails alone with
   * its reason; the others are still learned. Agents are not fine-tuned: this is retrieval.
   */
  async train(
    documents: string | TrainDocument | ReadonlyArray<string | TrainDocument>,
    options: { signal?: AbortSignal; onProgress?: (progress: IngestProgress) => void } = {},
  ): Promise<TrainedDocument[]> {
    const list = (Array.isArray(documents) ? documents : [documents]) as (string | TrainDocument)[];
    const results = await this.knowledge.ingest({
      knowledgeBaseId: this.knowledgeBaseId,
      documents: list.map((document, index) =>
        typeof document === 'string' ? { name: `text-${index + 1}.md`, content: document } : document,
      ),
      signal: options.signal,
      onProgress: options.onProgress,
    });
    if (results.some((result) => result.status === 'ready') && !this.trained) {
      this.trained = true;
      this.graph = undefined;
    }
    return results;
  }

  /** Runs one turn and returns the engine events (for UIs that show nodes and tools). */
  events(
    message: string,
    options: {
      signal?: AbortSignal;
      runId?: string;
      resumeFrom?: RunCheckpoint;
      resumeWith?: ResumeAnswer;
    } = {},
  ): AsyncIterable<EngineEvent> {
    const runId = options.resumeFrom?.runId ?? options.runId ?? crypto.randomUUID();
    this.messages.set(runId, message);
    return runGraph({
      graph: this.toGraph(),
      input: { message },
      context: { ...this.context, signal: options.signal ?? this.context.signal },
      options: this.runOptions,
      runId,
      checkpoints: this.checkpoints,
      resumeFrom: options.resumeFrom,
      resumeWith: options.resumeWith,
    });
  }

  /** Answers one message, or stops at a question for a person (a Human approval node, a guarded tool). */
  async run(message: string, options: { signal?: AbortSignal } = {}): Promise<AgentRunResult> {
    return this.outcome(this.events(message, options));
  }

  /**
   * Continues a waiting run with a person's answer, by its id (runs of this Agent, kept in memory) or
   * from a checkpoint stored elsewhere. Ends done or at the next question.
   */
  async resume(
    run: string | RunCheckpoint,
    answer: AgentAnswer,
    options: { signal?: AbortSignal } = {},
  ): Promise<AgentRunResult> {
    const checkpoint = typeof run === 'string' ? this.checkpoints.latest(run) : run;
    if (!checkpoint?.waiting) {
      throw new AgentRunError(
        'invalid_parameter',
        `No run ${typeof run === 'string' ? `"${run}" ` : ''}waits for an answer here.`,
        '',
      );
    }
    const message = this.messages.get(checkpoint.runId) ?? '';
    const resumeWith = { ...answer, requestId: checkpoint.waiting.id } as ResumeAnswer;
    return this.outcome(this.events(message, { ...options, resumeFrom: checkpoint, resumeWith }));
  }

  private async outcome(events: AsyncIterable<EngineEvent>): Promise<AgentRunResult> {
    const run = await collectRun(events);
    if (run.error) {
      this.messages.delete(run.error.runId);
      this.checkpoints.forget(run.error.runId);
    }
    if (run.error) throw new AgentRunError(run.error.code, run.error.message, run.error.partialAnswer);
    const runId = run.events[0]?.runId ?? '';
    if (run.status === 'waiting' && run.waiting) {
      return { status: 'waiting', runId, request: run.waiting, checkpoint: this.checkpoints.latest(runId)! };
    }
    this.messages.delete(runId);
    this.checkpoints.forget(runId);
    return { status: 'done', runId, answer: run.answer };
  }

  /**
   * Answers one message; throws AgentRunError (with the partial answer) when the run fails, and
   * AgentWaitingError when it stops for a person (continue it with resume()).
   */
  async generateResponse(message: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    const result = await this.run(message, options);
    if (result.status === 'waiting') throw new AgentWaitingError(result.runId, result.request);
    return result.answer;
  }

  /** Answers one message as text chunks while they are generated. */
  async *stream(message: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<string, void, void> {
    let streamed = false;
    for await (const event of this.events(message, options)) {
      if (event.type === 'node-delta' && event.feedsAnswer) {
        streamed = true;
        yield event.delta;
      } else if (event.type === 'run-end' && !streamed && event.answer) {
        yield event.answer;
      } else if (event.type === 'run-error') {
        throw new AgentRunError(event.code, event.message, event.partialAnswer);
      } else if (event.type === 'run-waiting') {
        throw new AgentWaitingError(event.runId, event.request);
      }
    }
  }

  /** Forgets the conversation: the next call starts a new one. */
  resetConversation(): void {
    this.context.conversationId = crypto.randomUUID();
  }
}
