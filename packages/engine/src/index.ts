// Graph format and validation
export {
  GRAPH_LIMITS,
  GRAPH_VERSION,
  type Graph,
  type GraphEdge,
  type GraphInput,
  type GraphNode,
  graphEdgeSchema,
  graphJsonSchema,
  graphNodeSchema,
  graphSchema,
} from './graph/graph-schema';
export type { CompiledPlan, CompiledNode } from './graph/compiled-plan';
export {
  canConnect,
  PORT_COMPATIBILITY,
  type DataPortType,
  type PortSpec,
  type PortType,
  type ResourcePortType,
} from './graph/port-types';
export type { GraphProblem, GraphProblemCode } from './graph/problems';
export { type ValidationResult, validateGraph } from './graph/validate-graph';
export type {
  ChatMessage,
  Document,
  MemoryResource,
  ModelCallSettings,
  ModelResource,
  Resource,
  ToolResource,
} from './graph/values';
export { edgeId, type EdgeId, nodeId, type NodeId, portId, type PortId } from './ids';

// Errors
export {
  BudgetExceededError,
  type BudgetKind,
  EngineError,
  type EngineErrorCode,
  NodeTimeoutError,
  RunAbortedError,
} from './errors';

// Node types
export { type ConfigUiHints, ui } from './nodes/config-ui';
export * from './nodes';
export { nodeCatalog, type NodeCatalogEntry } from './nodes/node-catalog';
export {
  type AnyNodeDefinition,
  defineNode,
  type NodeContext,
  type NodeDefinition,
  type NodeEvent,
  type NodeGroup,
  type NodeOutputs,
  type NodeRunResult,
  type ResourceKind,
} from './nodes/node-definition';
export { NodeInputs } from './nodes/node-inputs';
export { createNodeRegistry, type NodeRegistry } from './nodes/registry';

// Running
export type { RunBudget } from './runtime/budget';
export { type CollectedRun, collectRun } from './runtime/collect-run';
export type {
  AgentLoader,
  Clock,
  ConversationStorage,
  Credential,
  LanguageModelFactory,
  LanguageModelRequest,
  Logger,
  RunContext,
  RunInput,
  SecretResolver,
} from './runtime/context';
export type * from './runtime/events';
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

// Streaming to chat UIs
export * from './stream/ui-message-stream';

// Programmatic API
export { Agent, type AgentOptions, AgentRunError } from './agent-api';
export { type AgentModelInput, type AgentToolName, buildAgentGraph } from './agent/agent-graph';
export {
  ACCEPTED_PARAMETERS,
  AgentParameterError,
  type AgentParameterName,
  type AgentParameters,
} from './agent/agent-parameters';

// Providers and tools (pure functions)
export * from './providers';
export * from './tools';
