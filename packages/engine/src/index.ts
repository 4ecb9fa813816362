export * from './graph';
// Structured output: checking a reply against a JSON Schema (ajv, loaded on first use)
export { parseStructuredReply } from './nodes/structured-output';

// Errors
export {
  BudgetExceededError,
  type BudgetKind,
  EngineError,
  type EngineErrorCode,
  NodeTimeoutError,
  RunAbortedError,
} from './errors';

// Running
export type { RunBudget } from './runtime/budget';
export { type CollectedRun, collectRun } from './runtime/collect-run';
export type {
  AgentLoader,
  Clock,
  ChatFileStore,
  CodeRunner,
  HttpFetcher,
  HttpFetchResult,
  HttpRequestLimits,
  ConversationStorage,
  Credential,
  LanguageModelFactory,
  LanguageModelRequest,
  Logger,
  ModelCallObserver,
  ModelCallReport,
  RunContext,
  RunInput,
  SecretResolver,
} from './runtime/context';
export type * from './runtime/events';
export { WaitForAnswer, type WaitQuestion } from './runtime/wait';
export {
  type AgentLoopState,
  type CheckpointNodeState,
  type CheckpointSink,
  createMemoryCheckpoints,
  type MemoryCheckpoints,
  type ResumeAnswer,
  type RunCheckpoint,
} from './runtime/checkpoint';
export { createHttpFetcher, createProviderFetch, type NetworkPolicy } from './runtime/http-fetcher';
export {
  createFixedClock,
  createMemoryAgents,
  createMemoryContext,
  createMemorySecrets,
  createMemoryStorage,
  type MemoryContextOptions,
  systemClock,
} from './runtime/in-memory';
export {
  compileGraph,
  DEFAULT_RUN_OPTIONS,
  type RunGraphRequest,
  type RunOptions,
  runGraph,
} from './runtime/run-graph';

// MCP client: tools from MCP servers (the MCP Tools node; listMcpTools for the config panel)
export {
  DEFAULT_MCP_POLICY,
  type ListMcpToolsOptions,
  listMcpTools,
  MAX_MCP_TOOLS,
  McpClientError,
  type McpClientErrorCode,
  type McpCommand,
  type McpCredential,
  type McpPolicy,
  type McpTarget,
  type McpToolInfo,
  type McpTransport,
  mcpToolName,
} from './mcp';

// Evals: the case format and outcome (browser-safe, also `@agentry/engine/evals`), and the server-side
// checks (ajv), model judge (`ai`), case pool and JUnit report
export * from './evals';
export { type CheckContext, checkExpectations, evaluateCase } from './evals/check-expectations';
export { createModelJudge } from './evals/model-judge';
export { clampConcurrency, type RunEvalCasesOptions, runEvalCases } from './evals/run-cases';

// Copilot turns: a model editing through checked tools, or the offline copilot (edits and types: ./graph)
export { runModelCopilot } from './copilot/model-copilot';
export { runOfflineCopilot } from './copilot/offline-copilot';

// Streaming to chat UIs
export * from './stream/ui-message-stream';

// Programmatic API
export {
  Agent,
  type AgentAnswer,
  type AgentOptions,
  AgentRunError,
  type AgentRunResult,
  AgentWaitingError,
} from './agent-api';
export { type AgentModelInput, type AgentToolName, buildAgentGraph } from './agent/agent-graph';
export {
  ACCEPTED_PARAMETERS,
  AgentParameterError,
  type AgentParameterName,
  type AgentParameters,
} from './agent/agent-parameters';

// Knowledge: retrieval interfaces, chunking and the in-memory store behind Agent.train()
export * from './knowledge';

// Providers and tools (pure functions)
export * from './providers';
export { toProviderFailure } from './runtime/provider-failure';
export * from './tools';

// OAuth for MCP servers that ask for it: the SDK's client provider over a host's encrypted store
export {
  createMcpOAuthProvider,
  MCP_OAUTH_STATE_KEYS,
  McpOAuthError,
  type McpOAuthErrorCode,
  type McpOAuthProviderOptions,
  mcpOAuthRequiredError,
  type McpOAuthState,
  type McpOAuthStore,
} from './mcp/oauth-client';
