import type { Graph } from '@agentry/engine';
import type { Runtime } from '../runtime';
import { createAgent } from '../services/agents';
import { type Actor, requireRole } from '../services/auth';
import { getTemplate, withKnowledgeBase } from '../services/templates';
import { getKnowledgeBase } from './knowledge-bases';

/** The "Knowledge-base Q&A" template's graph with its Knowledge node pointed at a knowledge base. */
export function knowledgeQaGraph(knowledgeBaseId: string): Graph {
  return withKnowledgeBase(getTemplate('knowledge-qa').graph, knowledgeBaseId);
}

/** Creates an agent from the Q&A template that answers from this knowledge base. */
export async function createQaAgent(
  runtime: Runtime,
  actor: Actor,
  input: { knowledgeBaseId: string; name?: string },
) {
  requireRole(actor, 'editor');
  const base = await getKnowledgeBase(runtime, actor.workspaceId, input.knowledgeBaseId);
  return createAgent(runtime, actor, {
    name: input.name ?? `${base.name} Q&A`,
    description: `Answers questions from the "${base.name}" knowledge base and cites its sources.`,
    graph: knowledgeQaGraph(base.id),
  });
}
