import { describe, expect, it } from 'vitest';
import { Agent } from '../agent-api';
import type { ToolResource } from '../format/values';
import { createMemoryKnowledge } from '../knowledge/memory-knowledge';
import { promptText, textModel } from '../testing/mock-model';
import { validateGraph } from '../plan/validate-graph';
import { createMemoryContext } from '../runtime/in-memory';
import { mockContext, nodeContext, runToEnd } from '../testing/run-helpers';
import { defaultNodeRegistry } from '.';
import { knowledgeNode } from './knowledge';
import { NodeInputs } from './node-inputs';

const handbook = `# Handbook

## Refunds

Customers may ask for a refund within 30 days of purchase. Annual plans are refunded pro rata.

## Shipping

Parcels leave the warehouse in Lyon every weekday and arrive within three working days.`;

async function trainedStore() {
  const store = createMemoryKnowledge();
  await store.ingest({ knowledgeBaseId: 'kb-1', documents: [{ name: 'handbook.md', content: handbook }] });
  return store;
}

describe('Knowledge node', () => {
  it('has ports that follow its mode', () => {
    const tool = knowledgeNode.config.parse({});
    expect(tool).toMatchObject({ mode: 'tool', topK: 4, name: 'search_knowledge' });
    expect(knowledgeNode.inputs(tool)).toEqual([]);
    expect(knowledgeNode.outputs(tool).map((port) => port.type)).toEqual(['tool']);
    const retrieve = knowledgeNode.config.parse({ mode: 'retrieve' });
    expect(knowledgeNode.inputs(retrieve).map((port) => port.id)).toEqual(['query']);
    expect(knowledgeNode.outputs(retrieve).map((port) => port.type)).toEqual(['documents', 'text']);
  });

  it('as a tool, returns numbered sources; without a knowledge base or retriever it says what is missing', async () => {
    const knowledge = await trainedStore();
    const config = knowledgeNode.config.parse({ knowledgeBaseId: 'kb-1', topK: 2 });
    const { tool } = knowledgeNode.run(new NodeInputs({}), nodeContext(config, { knowledge })) as {
      tool: ToolResource;
    };
    const options = { signal: new AbortController().signal, toolCallId: 't1' };
    const output = (await tool.execute({ query: 'refund for annual plans' }, options)) as {
      sources: { index: number; documentName: string; heading: string }[];
      text: string;
    };
    expect(output.sources[0]).toMatchObject({
      index: 1,
      documentName: 'handbook.md',
      heading: 'Handbook › Refunds',
    });
    expect(output.text).toMatch(/^\[1\] handbook\.md — Handbook › Refunds: Customers may ask/);

    const unpicked = knowledgeNode.config.parse({});
    const noBase = knowledgeNode.run(new NodeInputs({}), nodeContext(unpicked, { knowledge })) as {
      tool: ToolResource;
    };
    await expect(noBase.tool.execute({ query: 'x' }, options)).rejects.toThrow('Pick a knowledge base');
    const noHost = knowledgeNode.run(new NodeInputs({}), nodeContext(config)) as { tool: ToolResource };
    await expect(noHost.tool.execute({ query: 'x' }, options)).rejects.toThrow('offers no knowledge bases');
  });

  it('shows a problem on the knowledge base field until one is picked, whether the id is empty or missing', () => {
    const graph = (config: Record<string, unknown>) => ({
      version: 1 as const,
      nodes: [
        { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
        { id: 'kb', type: 'knowledge', position: { x: 0, y: 0 }, data: { config } },
        { id: 'model', type: 'model', position: { x: 0, y: 0 }, data: { config: { provider: 'offline' } } },
        { id: 'agent', type: 'agent', position: { x: 0, y: 0 }, data: { config: {} } },
        { id: 'out', type: 'chat-output', position: { x: 0, y: 0 }, data: { config: {} } },
      ],
      edges: [
        { id: 'e1', source: 'in', sourceHandle: 'message', target: 'agent', targetHandle: 'prompt' },
        { id: 'e2', source: 'model', sourceHandle: 'model', target: 'agent', targetHandle: 'model' },
        { id: 'e3', source: 'kb', sourceHandle: 'tool', target: 'agent', targetHandle: 'tools' },
        { id: 'e4', source: 'agent', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
      ],
    });
    for (const unpicked of [{}, { knowledgeBaseId: '' }]) {
      const result = validateGraph(graph(unpicked), defaultNodeRegistry);
      expect(result.ok ? [] : result.problems).toEqual([
        {
          code: 'invalid_config',
          nodeId: 'kb',
          path: ['knowledgeBaseId'],
          message: 'Pick the knowledge base to search.',
          params: { nodeType: 'knowledge', reason: 'no_knowledge_base' },
        },
      ]);
    }
    expect(validateGraph(graph({ knowledgeBaseId: 'kb-1' }), defaultNodeRegistry).ok).toBe(true);
  });

  it('in retrieve mode feeds numbered sources into a Prompt', async () => {
    const knowledge = await trainedStore();
    const model = textModel('Within three working days [1].');
    const graph = {
      version: 1,
      nodes: [
        { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
        {
          id: 'kb',
          type: 'knowledge',
          position: { x: 0, y: 0 },
          data: { config: { knowledgeBaseId: 'kb-1', mode: 'retrieve', topK: 1 } },
        },
        {
          id: 'prompt',
          type: 'prompt',
          position: { x: 0, y: 0 },
          data: {
            config: {
              system: 'Answer from these sources and cite them:\n{{sources}}',
              template: '{{message}}',
            },
          },
        },
        {
          id: 'model',
          type: 'model',
          position: { x: 0, y: 0 },
          data: { config: { provider: 'openai', model: 'm' } },
        },
        { id: 'out', type: 'chat-output', position: { x: 0, y: 0 }, data: { config: {} } },
      ],
      edges: [
        { id: 'e1', source: 'in', sourceHandle: 'message', target: 'kb', targetHandle: 'query' },
        { id: 'e2', source: 'kb', sourceHandle: 'text', target: 'prompt', targetHandle: 'sources' },
        { id: 'e3', source: 'in', sourceHandle: 'message', target: 'prompt', targetHandle: 'message' },
        { id: 'e4', source: 'prompt', sourceHandle: 'prompt', target: 'model', targetHandle: 'prompt' },
        { id: 'e5', source: 'model', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
      ],
    };
    const run = await runToEnd(
      graph,
      mockContext({ m: model }, { knowledge }),
      'How fast do parcels arrive?',
    );
    expect(run.error).toBeUndefined();
    expect(run.answer).toBe('Within three working days [1].');
    expect(promptText(model)).toContain('[1] handbook.md — Handbook › Shipping: Parcels leave the warehouse');
  });
  it('in retrieve mode, the offline model answers from the sources in its prompt and cites them', async () => {
    const knowledge = await trainedStore();
    const graph = {
      version: 1,
      nodes: [
        { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
        {
          id: 'kb',
          type: 'knowledge',
          position: { x: 0, y: 0 },
          data: { config: { knowledgeBaseId: 'kb-1', mode: 'retrieve', topK: 2 } },
        },
        {
          id: 'prompt',
          type: 'prompt',
          position: { x: 0, y: 0 },
          data: {
            config: {
              system: 'Answer from these sources and cite them:\n{{sources}}',
              template: '{{message}}',
            },
          },
        },
        { id: 'model', type: 'model', position: { x: 0, y: 0 }, data: { config: { provider: 'offline' } } },
        { id: 'out', type: 'chat-output', position: { x: 0, y: 0 }, data: { config: {} } },
      ],
      edges: [
        { id: 'e1', source: 'in', sourceHandle: 'message', target: 'kb', targetHandle: 'query' },
        { id: 'e2', source: 'kb', sourceHandle: 'text', target: 'prompt', targetHandle: 'sources' },
        { id: 'e3', source: 'in', sourceHandle: 'message', target: 'prompt', targetHandle: 'message' },
        { id: 'e4', source: 'prompt', sourceHandle: 'prompt', target: 'model', targetHandle: 'prompt' },
        { id: 'e5', source: 'model', sourceHandle: 'text', target: 'out', targetHandle: 'text' },
      ],
    };
    const run = await runToEnd(
      graph,
      createMemoryContext({ knowledge }),
      'Is there a refund on annual plans?',
    );
    expect(run.error).toBeUndefined();
    expect(run.answer).toContain('From the knowledge base: "Customers may ask for a refund');
    expect(run.answer).toContain('- [1] handbook.md — Handbook › Refunds');
  });
});

describe('Agent.train', () => {
  it('learns documents and the offline model answers from search_knowledge, citing the source', async () => {
    const agent = new Agent({ name: 'Support', instructions: 'Answer from the knowledge base.' });
    const results = await agent.train([
      { name: 'handbook.md', content: handbook },
      { name: 'broken.pdf', content: new Uint8Array([1, 2, 3]) },
    ]);
    expect(results.map((result) => result.status)).toEqual(['ready', 'failed']);
    expect(agent.toGraph().nodes.map((node) => node.type)).toContain('knowledge');
    const events = [];
    for await (const event of agent.events('How long do parcels take to arrive?')) events.push(event);
    const call = events.find((event) => event.type === 'tool-call');
    expect(call).toMatchObject({
      toolName: 'search_knowledge',
      input: { query: 'How long do parcels take to arrive?' },
    });
    const end = events.find((event) => event.type === 'run-end');
    const answer = end?.type === 'run-end' ? end.answer : '';
    expect(answer).toContain('arrive within three working days');
    expect(answer).toContain('[1]');
    expect(answer).toContain('- [1] handbook.md — Handbook › Shipping');
  });

  it('an untrained agent has no knowledge tool', () => {
    expect(new Agent().toGraph().nodes.map((node) => node.type)).not.toContain('knowledge');
  });
});
