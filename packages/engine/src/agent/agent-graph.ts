import { EngineError } from '../errors';
import type { GraphInput } from '../format/graph-schema';
import type { ProviderId } from '../providers';

/** A model as the Agent API takes it: "offline", "openai/gpt-5-mini", or settings. */
export type AgentModelInput =
  | string
  | { provider: ProviderId; model?: string; baseURL?: string; credentialId?: string };

/** Built-in tools the Agent API can attach by name. */
export type AgentToolName = 'calculator' | 'current_time';

const TOOL_NODE_TYPES: Record<AgentToolName, string> = {
  calculator: 'calculator-tool',
  current_time: 'current-time-tool',
};

/** What the Agent API puts into its graph. */
export interface AgentGraphSpec {
  name: string;
  instructions: string;
  model: Record<string, unknown>;
  memoryWindow: number;
  tools: readonly AgentToolName[];
  /** Attach a Knowledge node (as the `search_knowledge` tool) searching this knowledge base. */
  knowledgeBaseId?: string;
}

/**
 * The graph behind `new Agent()`: Chat Input → Agent (with Model, Memory and tools attached) → Chat Output.
 * The same graph can be exported, opened on the canvas and run by the server.
 */
export function buildAgentGraph(spec: AgentGraphSpec): GraphInput {
  const node = (
    id: string,
    type: string,
    x: number,
    y: number,
    config: Record<string, unknown> = {},
    label?: string,
  ) => ({
    id,
    type,
    position: { x, y },
    data: label ? { label, config } : { config },
  });
  const edge = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
    id: `${source}.${sourceHandle}->${target}.${targetHandle}`,
    source,
    sourceHandle,
    target,
    targetHandle,
  });
  const tools = spec.tools.map((name, index) =>
    node(`tool-${index + 1}`, TOOL_NODE_TYPES[name], 300 + index * 220, 420),
  );
  if (spec.knowledgeBaseId) {
    tools.push(
      node(`tool-${tools.length + 1}`, 'knowledge', 300 + tools.length * 220, 420, {
        knowledgeBaseId: spec.knowledgeBaseId,
      }),
    );
  }
  return {
    version: 1,
    nodes: [
      node('chat-input', 'chat-input', 0, 0),
      node('model', 'model', 0, 220, spec.model),
      node('memory', 'memory', 0, 420, { windowSize: spec.memoryWindow }),
      node('agent', 'agent', 300, 100, { instructions: spec.instructions }, spec.name),
      ...tools,
      node('chat-output', 'chat-output', 620, 100),
    ],
    edges: [
      edge('chat-input', 'message', 'agent', 'prompt'),
      edge('model', 'model', 'agent', 'model'),
      edge('memory', 'memory', 'agent', 'memory'),
      ...tools.map((tool) => edge(tool.id, 'tool', 'agent', 'tools')),
      edge('agent', 'text', 'chat-output', 'text'),
    ],
  };
}

/** Parses "provider/model" (or a bare provider id) into Model node settings. */
export function parseModelInput(
  input: AgentModelInput,
  isProvider: (id: string) => boolean,
): Record<string, unknown> {
  if (typeof input !== 'string') return { ...input };
  const slash = input.indexOf('/');
  const provider = slash === -1 ? input : input.slice(0, slash);
  const model = slash === -1 ? '' : input.slice(slash + 1);
  if (!isProvider(provider)) {
    throw new EngineError(
      'invalid_parameter',
      `Unknown model "${input}". Write "provider/model", e.g. "openai/gpt-5-mini", or "offline".`,
    );
  }
  return { provider, model };
}
