// The browser-safe part of the engine: the graph format, validation, port types and node definitions.
// The canvas imports this entry (`@agentry/engine/graph`); nothing reachable from here may import
// Node built-ins (a test bundles it for the browser to keep it so).
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
} from './format/graph-schema';
export type { CompiledPlan, CompiledNode } from './plan/compiled-plan';
export {
  canConnect,
  PORT_COMPATIBILITY,
  type DataPortType,
  type PortSpec,
  type PortType,
  type ResourcePortType,
} from './format/port-types';
export type { GraphProblem, GraphProblemCode, ProblemParams } from './plan/problems';
export { type ValidationResult, validateGraph } from './plan/validate-graph';
export { diffGraphs, type GraphChange } from './plan/graph-diff';

// Copilot: checked edits (the canvas replays an accepted proposal with them) and the turn's types
export {
  applyCopilotEdit,
  applyCopilotEdits,
  COPILOT_LIMITS,
  type CopilotEdit,
  type CopilotEditOf,
  copilotEditSchema,
} from './copilot/edits';
export {
  CopilotError,
  type CopilotErrorCode,
  type CopilotEvent,
  type CopilotOutcome,
  type CopilotTemplate,
  type CopilotTurnInput,
  type CopilotWorkspace,
  OFFLINE_COPILOT_LABEL,
} from './copilot/types';
export type {
  ChatFile,
  ChatMessage,
  Document,
  MemoryResource,
  ModelCallSettings,
  ModelResource,
  Resource,
  ToolResource,
} from './format/values';
export { edgeId, type EdgeId, nodeId, type NodeId, portId, type PortId } from './format/ids';

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
export type { KnowledgeToolOutput } from './nodes/knowledge';
export {
  DEFAULT_OUTPUT_SCHEMA,
  MAX_OUTPUT_SCHEMA_CHARS,
  type OutputFormat,
  orderedSchema,
  outputFormatSchema,
  outputSchemaProblem,
  PROPERTY_ORDER_KEY,
  withPropertyOrder,
} from './nodes/output-format';
export { askForStructuredAnswer, type StructuredAnswerPlan } from './nodes/structured-answer-graph';
export type { KnowledgeSource } from './knowledge/format-sources';
