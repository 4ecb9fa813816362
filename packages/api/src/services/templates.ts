import { type Graph, graphSchema } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import autonomousAgent from '../templates/autonomous-agent.json';
import basicChatbot from '../templates/basic-chatbot.json';
import knowledgeQa from '../templates/knowledge-qa.json';
import mcpAgent from '../templates/mcp-agent.json';
import refundWithApproval from '../templates/refund-with-approval.json';
import router from '../templates/router.json';
import supportAgent from '../templates/support-agent.json';
import translator from '../templates/translator.json';
import { createAgent } from './agents';
import type { Actor } from './auth';

/** A ready-made agent to start from; its file is also an importable graph file. */
export interface AgentTemplate {
  id: string;
  name: string;
  description: string;
  graph: Graph;
}

/** What the "new agent" picker shows of a template. */
export type AgentTemplateSummary = Omit<AgentTemplate, 'graph'> & { nodeCount: number };

const templateMeta = z.object({ name: z.string().min(1), description: z.string().min(1) });

// Listed in the order the picker shows them: simplest first.
const FILES: Record<string, unknown> = {
  'basic-chatbot': basicChatbot,
  translator,
  'support-agent': supportAgent,
  'autonomous-agent': autonomousAgent,
  router,
  'knowledge-qa': knowledgeQa,
  'refund-with-approval': refundWithApproval,
  'mcp-agent': mcpAgent,
};

let loaded: AgentTemplate[] | undefined;

/** Every built-in template, parsed once (a broken file fails loudly, and the template test catches it). */
export function agentTemplates(): readonly AgentTemplate[] {
  loaded ??= Object.entries(FILES).map(([id, file]) => ({
    id,
    ...templateMeta.parse(file),
    graph: graphSchema.parse(file),
  }));
  return loaded;
}

/** The templates without their graphs, for the picker. */
export function listTemplates(): AgentTemplateSummary[] {
  return agentTemplates().map(({ graph, ...summary }) => ({ ...summary, nodeCount: graph.nodes.length }));
}

/** One template by id, or `not_found`. */
export function getTemplate(id: string): AgentTemplate {
  const template = agentTemplates().find((candidate) => candidate.id === id);
  if (!template) throw new AppError('not_found', `There is no template "${id}".`);
  return template;
}

/** What a blank agent starts with: a Chat Input and a Chat Output placed, ready to be joined. */
export function starterGraph(): Graph {
  return {
    version: 1,
    nodes: [
      {
        id: 'chat-input',
        type: 'chat-input',
        position: { x: 0, y: 120 },
        data: { label: 'Chat Input', config: {} },
      },
      {
        id: 'chat-output',
        type: 'chat-output',
        position: { x: 640, y: 120 },
        data: { label: 'Chat Output', config: {} },
      },
    ],
    edges: [],
  };
}

/** Input for creating an agent from a template. */
export const createFromTemplateInput = z.object({
  templateId: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Name the agent').max(120).optional(),
});

/** Creates an agent whose draft is a copy of the template's graph, named after it unless a name is given. */
export async function createAgentFromTemplate(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof createFromTemplateInput>,
) {
  const template = getTemplate(input.templateId);
  return createAgent(runtime, actor, {
    name: input.name ?? template.name,
    description: template.description,
    graph: structuredClone(template.graph),
  });
}
