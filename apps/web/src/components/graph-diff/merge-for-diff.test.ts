import type { Graph, GraphEdge, GraphNode } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { countDiff, diffSettingsOf, diffStatusOf, mergeForDiff, nodesToFrame } from './merge-for-diff';

function node(id: string, type: string, config: Record<string, unknown> = {}, x = 0): GraphNode {
  return { id, type, position: { x, y: 100 }, data: { label: id, config } };
}

function edge(
  id: string,
  source: string,
  sourceHandle: string,
  target: string,
  targetHandle: string,
): GraphEdge {
  return { id, source, sourceHandle, target, targetHandle };
}

const CHATBOT: Graph = {
  version: 1,
  nodes: [
    node('chat-input', 'chat-input', {}, 0),
    node('prompt', 'prompt', { system: 'Be brief.', template: '{{message}}' }, 300),
    node('memory', 'memory', { windowSize: 20 }, 300),
    node('model', 'model', { provider: 'offline' }, 600),
    node('chat-output', 'chat-output', {}, 900),
  ],
  edges: [
    edge('e-input-prompt', 'chat-input', 'message', 'prompt', 'message'),
    edge('e-prompt-model', 'prompt', 'prompt', 'model', 'prompt'),
    edge('e-memory-model', 'memory', 'memory', 'model', 'memory'),
    edge('e-model-output', 'model', 'text', 'chat-output', 'text'),
  ],
};

function byId<T extends { id: string }>(items: readonly T[], id: string): T {
  const found = items.find((item) => item.id === id);
  if (!found) throw new Error(`no ${id} among ${items.map((item) => item.id).join(', ')}`);
  return found;
}

describe('mergeForDiff', () => {
  it('marks nothing when only positions differ', () => {
    const moved: Graph = {
      ...CHATBOT,
      nodes: CHATBOT.nodes.map((item) => ({ ...item, position: { x: item.position.x + 50, y: 0 } })),
    };
    const merged = mergeForDiff(CHATBOT, moved);
    expect(merged.nodes.map((item) => item.id)).toEqual(CHATBOT.nodes.map((item) => item.id));
    expect(merged.nodes.every((item) => diffStatusOf(item.data) === undefined)).toBe(true);
    expect(merged.edges.every((item) => diffStatusOf(item.data) === undefined)).toBe(true);
    // The canvas draws the newer positions, with size estimates for framing before measuring.
    expect(byId(merged.nodes, 'prompt').position).toEqual({ x: 350, y: 0 });
    expect(byId(merged.nodes, 'prompt').initialWidth).toBe(240);
    expect(nodesToFrame(merged)).toHaveLength(5);
  });

  it('marks added nodes and edges in the newer graph', () => {
    const after: Graph = {
      version: 1,
      nodes: [...CHATBOT.nodes, node('calculator', 'calculator-tool', {}, 1200)],
      edges: [...CHATBOT.edges, edge('e-new', 'chat-input', 'message', 'chat-output', 'text')],
    };
    const merged = mergeForDiff(CHATBOT, after);
    expect(diffStatusOf(byId(merged.nodes, 'calculator').data)).toBe('added');
    expect(byId(merged.nodes, 'calculator').ariaLabel).toBe('calculator (calculator-tool), added');
    expect(diffStatusOf(byId(merged.edges, 'e-new').data)).toBe('added');
    expect(byId(merged.edges, 'e-new').ariaLabel).toBe('Connection from chat-input to chat-output, added');
    expect(diffStatusOf(byId(merged.nodes, 'prompt').data)).toBeUndefined();
    expect(diffStatusOf(byId(merged.edges, 'e-prompt-model').data)).toBeUndefined();
    expect(
      nodesToFrame(merged)
        .map((item) => item.id)
        .sort(),
    ).toEqual(['calculator', 'chat-input', 'chat-output']);
  });

  it('keeps ghosts of removed nodes at their old places, with their edges to what is left', () => {
    const after: Graph = {
      version: 1,
      nodes: CHATBOT.nodes.filter((item) => item.id !== 'memory'),
      edges: CHATBOT.edges.filter((item) => item.id !== 'e-memory-model'),
    };
    const merged = mergeForDiff(CHATBOT, after);
    expect(merged.nodes.map((item) => item.id)).not.toContain('memory');
    const ghost = byId(merged.nodes, 'removed:memory');
    expect(diffStatusOf(ghost.data)).toBe('removed');
    expect(ghost.type).toBe('memory');
    expect(ghost.position).toEqual({ x: 300, y: 100 });
    expect(ghost.data.config).toEqual({ windowSize: 20 });
    expect(ghost.ariaLabel).toBe('memory (memory), removed');
    const ghostEdge = byId(merged.edges, 'removed:e-memory-model');
    expect(diffStatusOf(ghostEdge.data)).toBe('removed');
    // The ghost edge leaves the ghost node and reaches the model that is still there.
    expect([ghostEdge.source, ghostEdge.sourceHandle, ghostEdge.target, ghostEdge.targetHandle]).toEqual([
      'removed:memory',
      'memory',
      'model',
      'memory',
    ]);
  });

  it('draws a removed connection between nodes both graphs have', () => {
    const after: Graph = { ...CHATBOT, edges: CHATBOT.edges.filter((item) => item.id !== 'e-model-output') };
    const merged = mergeForDiff(CHATBOT, after);
    const ghostEdge = byId(merged.edges, 'removed:e-model-output');
    expect([ghostEdge.source, ghostEdge.target]).toEqual(['model', 'chat-output']);
    expect(countDiff(merged)).toEqual({
      added: { nodes: 0, edges: 0 },
      removed: { nodes: 0, edges: 1 },
      changed: { nodes: 0, edges: 0 },
    });
  });

  it('marks changed nodes with each changed setting, before and after', () => {
    const after: Graph = {
      ...CHATBOT,
      nodes: CHATBOT.nodes.map((item) =>
        item.id === 'prompt'
          ? {
              ...item,
              data: {
                label: 'Pirate prompt',
                config: { ...item.data.config, system: 'Talk like a pirate.' },
              },
            }
          : item,
      ),
    };
    const merged = mergeForDiff(CHATBOT, after);
    const prompt = byId(merged.nodes, 'prompt');
    expect(diffStatusOf(prompt.data)).toBe('changed');
    expect(diffSettingsOf(prompt.data)).toEqual([
      { key: 'label', before: 'prompt', after: 'Pirate prompt' },
      { key: 'system', before: 'Be brief.', after: 'Talk like a pirate.' },
    ]);
    expect(prompt.ariaLabel).toBe(
      'Pirate prompt (prompt), changed: label: “prompt” → “Pirate prompt”; system: “Be brief.” → “Talk like a pirate.”',
    );
    // The node keeps its newer config (its ports follow it).
    expect(prompt.data.config.system).toBe('Talk like a pirate.');
    expect(diffSettingsOf(byId(merged.nodes, 'model').data)).toEqual([]);
  });

  it('gives ghosts ids that clash with no node or edge of the newer graph', () => {
    const after: Graph = {
      version: 1,
      nodes: [...CHATBOT.nodes.filter((item) => item.id !== 'memory'), node('removed:memory', 'memory')],
      edges: [
        ...CHATBOT.edges.filter((item) => item.id !== 'e-memory-model' && item.id !== 'e-model-output'),
        // The same id now joins other ports: a different connection, so the old one is a ghost.
        edge('e-model-output', 'chat-input', 'message', 'chat-output', 'text'),
        edge('removed:e-memory-model', 'removed:memory', 'memory', 'model', 'memory'),
      ],
    };
    const merged = mergeForDiff(CHATBOT, after);
    const nodeIds = merged.nodes.map((item) => item.id);
    const edgeIds = merged.edges.map((item) => item.id);
    expect(new Set(nodeIds).size).toBe(nodeIds.length);
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    const ghost = merged.nodes.find((item) => diffStatusOf(item.data) === 'removed');
    expect(ghost?.id).toBe('removed:memory~2');
    expect(diffStatusOf(byId(merged.nodes, 'removed:memory').data)).toBe('added');
    expect(diffStatusOf(byId(merged.edges, 'removed:e-memory-model~2').data)).toBe('removed');
    expect(byId(merged.edges, 'removed:e-memory-model~2').source).toBe('removed:memory~2');
    expect(diffStatusOf(byId(merged.edges, 'e-model-output').data)).toBe('added');
    expect(diffStatusOf(byId(merged.edges, 'removed:e-model-output').data)).toBe('removed');
    expect(byId(merged.edges, 'removed:e-model-output').source).toBe('model');
  });

  it('leaves out an old edge to a node the old graph never had', () => {
    const broken: Graph = {
      ...CHATBOT,
      edges: [...CHATBOT.edges, edge('e-ghost', 'nowhere', 'x', 'model', 'prompt')],
    };
    const merged = mergeForDiff(broken, CHATBOT);
    expect(merged.edges.map((item) => item.id)).not.toContain('removed:e-ghost');
    expect(merged.edges).toHaveLength(4);
  });

  it('reads statuses defensively from open-ended data', () => {
    expect(diffStatusOf({ diff: 'renamed' })).toBeUndefined();
    expect(diffStatusOf(undefined)).toBeUndefined();
    expect(diffSettingsOf({ diffSettings: 'no' })).toEqual([]);
  });
});
