import { agentNode } from './agent';
import { agentToolNode } from './agent-tool';
import { calculatorToolNode } from './calculator-tool';
import { chatInputNode } from './chat-input';
import { chatOutputNode } from './chat-output';
import { codeToolNode } from './code-tool';
import { conditionNode } from './condition';
import { currentTimeToolNode } from './current-time-tool';
import { httpRequestToolNode } from './http-request-tool';
import { humanApprovalNode } from './human-approval';
import { knowledgeNode } from './knowledge';
import { mcpToolsNode } from './mcp-tools';
import { memoryNode } from './memory';
import { modelNode } from './model';
import type { AnyNodeDefinition } from './node-definition';
import { promptNode } from './prompt';
import { createNodeRegistry } from './registry';

/** Every node type that ships with Agentry, in palette order. */
export const builtInNodeDefinitions: readonly AnyNodeDefinition[] = [
  chatInputNode,
  chatOutputNode,
  promptNode,
  modelNode,
  agentNode,
  memoryNode,
  calculatorToolNode,
  httpRequestToolNode,
  codeToolNode,
  currentTimeToolNode,
  agentToolNode,
  mcpToolsNode,
  knowledgeNode,
  conditionNode,
  humanApprovalNode,
] as readonly AnyNodeDefinition[];

/** The registry of the built-in node types. */
export const defaultNodeRegistry = createNodeRegistry(builtInNodeDefinitions);

export {
  agentNode,
  agentToolNode,
  calculatorToolNode,
  chatInputNode,
  chatOutputNode,
  codeToolNode,
  conditionNode,
  currentTimeToolNode,
  httpRequestToolNode,
  humanApprovalNode,
  knowledgeNode,
  mcpToolsNode,
  memoryNode,
  modelNode,
  promptNode,
};
