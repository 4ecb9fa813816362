import type { LanguageModel } from 'ai';
import type { Graph } from '../format/graph-schema';
import type { ChatFile, ChatMessage } from '../format/values';
import type { KnowledgeRetriever } from '../knowledge/knowledge-types';
import type { McpOAuthStore } from '../mcp/oauth-client';
import type { McpPolicy } from '../mcp/types';

/** What a run is asked: the new chat message and, optionally, the history the client keeps. */
export interface RunInput {
  message: string;
  history?: ChatMessage[];
  /** Files sent with the message (Chat Input's `files` output); bytes come through `RunContext.files`. */
  files?: ChatFile[];
}

/**
 * Where the bytes of chat files live (the database or an object store in the app). The engine asks only
 * for files named in the run's input, and only when a model is about to read them.
 */
export interface ChatFileStore {
  /** The bytes of a file of this run; undefined when the host does not know it. */
  read(fileId: string): Promise<Uint8Array | undefined>;
  /**
   * The text of a document a model cannot read as a file (a PDF for a text-only model, a DOCX), through
   * the host's extractors. Missing: such documents fail with a clear message.
   */
  extractText?(file: ChatFile, data: Uint8Array): Promise<string>;
}

/** Where Memory nodes keep conversation messages (the database in the app, a Map in tests). */
export interface ConversationStorage {
  /** The last `limit` messages of one memory of one conversation, oldest first. */
  loadMessages(request: { conversationId: string; memoryKey: string; limit: number }): Promise<ChatMessage[]>;
  /** Appends messages to one memory of one conversation. */
  appendMessages(request: {
    conversationId: string;
    memoryKey: string;
    messages: ChatMessage[];
  }): Promise<void>;
}

/** A decrypted credential; only ever lives in memory during a run. */
export interface Credential {
  apiKey?: string;
  baseURL?: string;
  /**
   * Hosts (exact or "*.example.com") the HTTP Request tool may send this key to; empty or missing:
   * the tool refuses the credential. Model calls go to `baseURL` (or the provider's API) instead.
   */
  allowedHosts?: string[];
  /** An OAuth sign-in to an MCP server (MCP Tools nodes): the host's store of its tokens. */
  oauth?: McpOAuthStore;
}

/** Resolves a credential id from the graph to the secret it names. */
export interface SecretResolver {
  /** Returns undefined when no such credential exists (or the caller may not use it). */
  resolve(credentialId: string): Promise<Credential | undefined>;
}

/** The wall clock nodes see (Current Time tool); fixed in tests. */
export interface Clock {
  now(): Date;
}

/** Loads saved agents for the Agent-as-tool node. */
export interface AgentLoader {
  /** The graph of the agent, or undefined when it does not exist or may not be used. */
  load(agentId: string): Promise<Graph | undefined>;
}

/** Structured logger; the engine never logs secrets or message contents. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Which provider and model a Model node asks for. */
export interface LanguageModelRequest {
  provider: string;
  model: string;
  baseURL?: string;
}

/** Creates language models; defaults to the providers module, tests pass mock models. */
export type LanguageModelFactory = (request: LanguageModelRequest, credential?: Credential) => LanguageModel;

/** Limits the engine asks an outbound HTTP request to respect. */
export interface HttpRequestLimits {
  /** Hosts the caller may reach at all (checked on every redirect hop before connecting). */
  restrictToHosts?: string[];
  /**
   * Hosts the request's credential headers (Authorization, Cookie…) may go to: the first URL must be
   * one of them, and they are dropped on any hop to a host off the list.
   */
  credentialHosts?: string[];
  maxResponseBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What an outbound HTTP request returned. */
export interface HttpFetchResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  url: string;
  truncated?: boolean;
}

/**
 * Performs the HTTP Request tool's calls. The host decides the network policy (which private hosts an
 * admin allows); a graph cannot widen it. The default refuses every private and loopback address.
 */
export type HttpFetcher = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  limits: HttpRequestLimits,
) => Promise<HttpFetchResult>;

/** Runs the Code tool's JavaScript in a sandbox; the default is QuickJS-wasm. */
export type CodeRunner = (
  code: string,
  options: {
    input?: unknown;
    timeoutMs?: number;
    memoryLimitBytes?: number;
    signal?: AbortSignal;
    /** Who asks (a workspace, an agent): a thread pool shares its threads fairly between keys. */
    key?: string;
  },
) => Promise<{ result: unknown; logs: string[] }>;

/**
 * One call to a model provider, reported to the host when it ends (a tool loop reports each step). The
 * host builds its tracing from it (GenAI spans); `messages` and `text` are references the engine holds
 * anyway, so reporting costs nothing when the host ignores the contents.
 */
export interface ModelCallReport {
  /** The node that made the call (an Agent, a Model with a prompt, a classifying Condition). */
  nodeId: string;
  /** Provider id ("openai", "offline"…). */
  provider: string;
  model: string;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  inputTokens: number;
  outputTokens: number;
  /** The provider's finish reason ("stop", "tool-calls"…); "error" when the call failed. */
  finishReason: string;
  /** The prompt the call began from: instructions as a system message, then the messages. */
  messages: readonly ChatMessage[];
  /** The text this call produced. */
  text: string;
  /** Set when the call failed. */
  error?: { code: string; message: string };
}

/** Receives each model call's report (tracing); must not throw or block. */
export type ModelCallObserver = (call: ModelCallReport) => void;

/** Everything a run needs from its host: the web server, the CLI, a queue worker or a test. */
export interface RunContext {
  storage: ConversationStorage;
  secrets: SecretResolver;
  clock: Clock;
  agents: AgentLoader;
  conversationId: string;
  signal?: AbortSignal;
  logger?: Logger;
  /** Overrides how Model nodes get their model (tests, custom gateways). */
  languageModels?: LanguageModelFactory;
  /** Outbound HTTP for tools, with the host's network policy (default: public addresses only). */
  httpFetch?: HttpFetcher;
  /** The sandbox that runs Code tools (default: QuickJS-wasm). */
  runCode?: CodeRunner;
  /** Searches knowledge bases for Knowledge nodes (none: those nodes fail with a clear message). */
  knowledge?: KnowledgeRetriever;
  /**
   * Which MCP servers MCP Tools nodes may reach: private hosts the admin allows and the local commands
   * they may start (default: public servers only, no commands).
   */
  mcp?: McpPolicy;
  /** Told about every model provider call as it ends (the host's tracing); unset: nothing is reported. */
  onModelCall?: ModelCallObserver;
  /** The bytes of the files sent in the chat (unset: only files carrying `data` can be read). */
  files?: ChatFileStore;
}
