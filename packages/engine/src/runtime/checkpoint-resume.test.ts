import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryKnowledge } from '../knowledge/memory-knowledge';
import { createFixedClock, createMemoryContext } from './in-memory';
import { approveAll, driveRun, visibleEventsByNode } from '../testing/resume-helpers';
import type { RunContext } from './context';

const TEMPLATES = join(import.meta.dirname, '../../../api/src/templates');
const MESSAGES: Record<string, string> = {
  'basic-chatbot': 'Hello, my name is Ada.',
  translator: 'Good morning, how are you?',
  'support-agent': 'I bought 3 items at 12.50 each; what is 3 * 12.5?',
  'autonomous-agent': 'Work out 17 * 23 and tell me the time.',
  router: 'What is the capital of France?',
  'knowledge-qa': 'How long is the warranty on the kettle?',
  'refund-with-approval': 'Please refund order 1042: the kettle arrived broken, it cost 39.90.',
  'refund-with-tool-approval': 'Please refund order 1042: the kettle arrived broken, it cost 39.90.',
};

/** The approval template with its refund tool also marked "ask before running": a tool wait mid-loop. */
function withToolApproval(graph: { nodes: { id: string; data: { config: Record<string, unknown> } }[] }) {
  const copy = structuredClone(graph);
  copy.nodes.find((node) => node.id === 'issue-refund')!.data.config.askBeforeRunning = true;
  return copy;
}

/**
 * Templates that cannot run as shipped: the MCP one points at a server only the user can name
 * (packages/api's templates.test.ts runs it against a loopback server once set up).
 */
const NEEDS_SETUP = new Set(['mcp-agent.json']);

/** The Q&A template asks for a knowledge base when an agent is made from it: here, one in memory. */
const knowledge = createMemoryKnowledge();
await knowledge.ingest({
  knowledgeBaseId: 'kb-1',
  documents: [{ name: 'manual.md', content: '# Kettle\n\nThe kettle carries a five-year warranty.' }],
});

function pickKnowledgeBase(graph: { nodes: { type: string; data: { config: Record<string, unknown> } }[] }) {
  for (const node of graph.nodes) if (node.type === 'knowledge') node.data.config.knowledgeBaseId = 'kb-1';
  return graph;
}

function templates(): { id: string; graph: unknown }[] {
  const all: { id: string; graph: unknown }[] = readdirSync(TEMPLATES)
    .filter((file) => file.endsWith('.json') && !NEEDS_SETUP.has(file))
    .map((file) => ({
      id: file.replace(/\.json$/, ''),
      graph: pickKnowledgeBase(JSON.parse(readFileSync(join(TEMPLATES, file), 'utf8'))),
    }));
  const refund = all.find((template) => template.id === 'refund-with-approval');
  if (refund) all.push({ id: 'refund-with-tool-approval', graph: withToolApproval(refund.graph as never) });
  return all;
}

const context = (): RunContext =>
  createMemoryContext({
    conversationId: 'conversation-1',
    clock: createFixedClock('2026-03-01T12:00:00Z'),
    knowledge,
  });

describe('a run continued from any checkpoint', () => {
  it('covers the approval template', () => {
    expect(templates().map((template) => template.id)).toContain('refund-with-approval');
  });

  for (const template of templates()) {
    it(`${template.id}: interrupted after each checkpoint in turn, ends as the uninterrupted run`, async () => {
      const message = MESSAGES[template.id] ?? 'Hello there, what is 2 + 2?';
      const whole = await driveRun({
        graph: template.graph,
        message,
        context: context(),
        runId: 'run-1',
        answer: approveAll,
      });
      expect(whole.status).toBe('done');
      expect(whole.answer).toMatch(/\S/);
      expect(whole.events.map((event) => event.seq)).toEqual(whole.events.map((_, index) => index + 1));
      expect(whole.checkpoints.length).toBeGreaterThan(1);
      const expected = visibleEventsByNode(whole.events);
      for (const checkpoint of whole.checkpoints) {
        // The checkpoint went through a store: only JSON survives.
        const stored = JSON.parse(JSON.stringify(checkpoint));
        const before = whole.events.filter((event) => event.seq <= checkpoint.seq);
        const after = await driveRun({
          graph: template.graph,
          message,
          context: context(),
          runId: 'run-1',
          answer: approveAll,
          from: stored,
        });
        expect(after.events[0]?.seq, 'events go on from the checkpoint').toBe(checkpoint.seq + 1);
        expect(after.answer).toBe(whole.answer);
        expect(visibleEventsByNode([...before, ...after.events])).toEqual(expected);
      }
    });
  }
});
