import { type Graph, graphSchema } from '@agentry/engine';
import { z } from 'zod';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import autonomousAgent from '../templates/autonomous-agent.json';
import basicChatbot from '../templates/basic-chatbot.json';
import dailyDigest from '../templates/daily-digest.json';
import knowledgeQa from '../templates/knowledge-qa.json';
import mcpAgent from '../templates/mcp-agent.json';
import refundWithApproval from '../templates/refund-with-approval.json';
import router from '../templates/router.json';
import supportAgent from '../templates/support-agent.json';
import translator from '../templates/translator.json';
import { getKnowledgeBase } from '../knowledge/knowledge-bases';
import { createAgent } from './agents';
import { type Actor, requireRole } from './auth';
import { scheduleConfigSchema } from './trigger-config';
import { createTrigger } from './triggers';

/**
 * What the user picks when an agent is made from a template, for settings no template can ship:
 * `knowledgeBase` fills the `knowledgeBaseId` of every Knowledge node.
 */
export const TEMPLATE_NEEDS = ['knowledgeBase'] as const;

/** One thing a template asks for when an agent is made from it. */
export type TemplateNeed = (typeof TEMPLATE_NEEDS)[number];

/** A ready-made agent to start from; its file is also an importable graph file. */
export interface AgentTemplate {
  id: string;
  name: string;
  description: string;
  graph: Graph;
  /** What creating an agent from it asks for (the new-agent dialog asks; the API takes it). */
  needs: TemplateNeed[];
  /** A trigger the template suggests (a digest's schedule): created paused with the agent. */
  trigger?: TemplateTrigger;
}

/** The trigger a template comes with: a graph cannot hold it, since triggers are rows of their own. */
export type TemplateTrigger = z.infer<typeof templateTrigger>;

/** What the "new agent" picker shows of a template. */
export type AgentTemplateSummary = Omit<AgentTemplate, 'graph' | 'trigger'> & { nodeCount: number };

const templateTrigger = z.object({
  kind: z.literal('schedule'),
  name: z.string().min(1).max(120),
  config: scheduleConfigSchema,
});

const templateMeta = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  needs: z.array(z.enum(TEMPLATE_NEEDS)).default([]),
  trigger: templateTrigger.optional(),
});

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
  'daily-digest': dailyDigest,
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
  return agentTemplates().map(({ graph, trigger: _trigger, ...summary }) => ({
    ...summary,
    nodeCount: graph.nodes.length,
  }));
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

/** A copy of a graph whose Knowledge nodes search this knowledge base. */
export function withKnowledgeBase(graph: Graph, knowledgeBaseId: string): Graph {
  const copy = structuredClone(graph);
  for (const node of copy.nodes) {
    if (node.type === 'knowledge') node.data.config = { ...node.data.config, knowledgeBaseId };
  }
  return copy;
}

/** Input for creating an agent from a template. */
export const createFromTemplateInput = z.object({
  templateId: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'Name the agent').max(120).optional(),
  /** For a template that needs a knowledge base: one of the workspace's, by id. */
  knowledgeBaseId: z.string().trim().min(1, 'Pick a knowledge base').max(100).optional(),
});

/**
 * Creates an agent whose draft is a copy of the template's graph, named after it unless a name is given.
 * A knowledge base, when given, is written into the template's Knowledge nodes; without one they stay
 * empty and the builder shows the problem until one is picked. A template's suggested trigger is created
 * paused: nothing runs until the user has set the graph up, published it and resumed the trigger.
 */
export async function createAgentFromTemplate(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof createFromTemplateInput>,
) {
  requireRole(actor, 'editor');
  const template = getTemplate(input.templateId);
  let graph = structuredClone(template.graph);
  if (input.knowledgeBaseId !== undefined) {
    if (!template.needs.includes('knowledgeBase')) {
      throw new AppError(
        'bad_request',
        `The template "${template.id}" has no Knowledge node, so it takes no knowledge base.`,
      );
    }
    // not_found, naming the id, for another workspace's knowledge base as for one that does not exist.
    const base = await getKnowledgeBase(runtime, actor.workspaceId, input.knowledgeBaseId);
    graph = withKnowledgeBase(template.graph, base.id);
  }
  const agent = await createAgent(runtime, actor, {
    name: input.name ?? template.name,
    description: template.description,
    graph,
  });
  if (template.trigger) {
    const access = { workspaceId: actor.workspaceId, role: actor.role, agentIds: null };
    // A schedule has no URL, so no origin is needed to describe it.
    await createTrigger(runtime, access, { agentId: agent.id, ...template.trigger, enabled: false }, '');
  }
  return agent;
}
