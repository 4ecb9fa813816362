import { z } from 'zod';
import { EngineError } from '../errors';
import { ui } from './config-ui';
import { defineNode } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const inputSchema = z.object({
  task: z.string().min(1).max(20_000).describe('What to ask the other agent, with the context it needs.'),
});

/** Agent-as-tool: calls another saved agent as a sub-run and returns its answer. */
export const agentToolNode = defineNode({
  type: 'agent-tool',
  title: 'Agent as Tool',
  group: 'Tools',
  description: 'Lets an agent delegate a task to another saved agent and use its answer.',
  config: z.object({
    agentId: z
      .string()
      .min(1, 'Choose the agent to call.')
      .max(200)
      .describe('The saved agent to call (its published version runs).')
      .meta(ui({ agent: true, placeholder: 'Pick an agent' })),
    name: toolNameField('ask_agent'),
    askBeforeRunning: askBeforeRunningField(),
    description: toolDescriptionField('Asks a specialised agent to do a task and returns its answer.'),
  }),
  provides: 'tool',
  inputs: () => [],
  outputs: () => TOOL_OUTPUTS,
  run: (_inputs, context) => {
    const { config, services } = context;
    return {
      tool: createToolResource({
        name: config.name,
        askBeforeRunning: config.askBeforeRunning,
        description: config.description,
        inputSchema,
        execute: async ({ task }, { signal }) => {
          const graph = await services.agents.load(config.agentId);
          if (!graph) {
            throw new EngineError(
              'agent_not_found',
              `Agent "${config.agentId}" does not exist or may not be used here. Pick another agent on the "${config.name}" tool.`,
              { nodeId: context.nodeId },
            );
          }
          const conversationId = `${services.conversationId}/agent:${config.agentId}`;
          const result = await context.runSubgraph(graph, { message: task }, { signal, conversationId });
          return { answer: result.answer };
        },
      }),
    };
  },
});
