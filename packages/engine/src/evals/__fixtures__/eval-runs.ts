import type { LanguageModel } from 'ai';
import { loadFixture } from '../../__fixtures__/load-fixture';
import type { GraphInput } from '../../format/graph-schema';
import { createMemoryKnowledge } from '../../knowledge/memory-knowledge';
import type { MemoryContextOptions } from '../../runtime/in-memory';
import { mockContext, runToEnd } from '../../testing/run-helpers';
import type { CaseOutcome } from '../case-format';
import { outcomeFromEvents } from '../outcome';

/** The agent-tools fixture with a Knowledge tool (knowledge base kb-1) beside its calculator and clock. */
export function knowledgeAgentGraph(): GraphInput {
  const graph = loadFixture('agent-tools');
  graph.nodes.push({
    id: 'kb',
    type: 'knowledge',
    position: { x: 0, y: 0 },
    data: { label: 'Handbook', config: { knowledgeBaseId: 'kb-1', topK: 2 } },
  });
  graph.edges.push({ id: 'kb-tool', source: 'kb', sourceHandle: 'tool', target: 'agent', targetHandle: 'tools' });
  return graph;
}

/** A knowledge store holding one handbook (refunds and shipping) in kb-1. */
export async function handbookKnowledge() {
  const knowledge = createMemoryKnowledge();
  await knowledge.ingest({
    knowledgeBaseId: 'kb-1',
    documents: [
      {
        name: 'handbook.md',
        content:
          '# Handbook\n\n## Refunds\n\nCustomers may ask for a refund within 30 days of purchase.\n\n## Shipping\n\nParcels arrive within three working days.',
      },
    ],
  });
  return knowledge;
}

/** Runs a graph on mock models (by model name) and returns the outcome the expectations read. */
export async function outcomeOf(
  graph: GraphInput,
  models: Record<string, LanguageModel>,
  message: string,
  options: MemoryContextOptions = {},
): Promise<CaseOutcome> {
  const run = await runToEnd(graph, mockContext(models, options), message);
  return outcomeFromEvents(run.events, { latencyMs: 42 });
}
