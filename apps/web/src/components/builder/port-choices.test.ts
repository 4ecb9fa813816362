import type { Graph } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { graphToFlow } from './flow-graph';
import { freeSpot } from './free-spot';
import { nodeGeometry } from './node-geometry';
import { choiceConnection, portAccessibleName, portChoices } from './port-choices';
import { findPort } from './node-types';

const graph: Graph = {
  version: 1,
  nodes: [
    { id: 'chat-input', type: 'chat-input', position: { x: 0, y: 0 }, data: { config: {} } },
    {
      id: 'prompt-1',
      type: 'prompt',
      position: { x: 300, y: 0 },
      data: { config: { system: '', template: '{{message}}' } },
    },
    { id: 'model-1', type: 'model', position: { x: 600, y: 0 }, data: { label: 'Writer', config: {} } },
    { id: 'memory-1', type: 'memory', position: { x: 300, y: 300 }, data: { config: {} } },
    { id: 'chat-output', type: 'chat-output', position: { x: 900, y: 0 }, data: { config: {} } },
  ],
  edges: [
    { id: 'e1', source: 'chat-input', sourceHandle: 'message', target: 'prompt-1', targetHandle: 'message' },
  ],
};

describe('keyboard port choices', () => {
  const { nodes, edges } = graphToFlow(graph);

  it('offers an output only the inputs a drag would accept, and its edges to remove', () => {
    const choices = portChoices(nodes, edges, { nodeId: 'chat-input', portId: 'message', side: 'output' });
    const labels = choices.map((choice) => choice.label);
    // Text may feed the model's prompt (messages) and the output, never memory or model inputs,
    // and not the prompt input it already feeds.
    expect(labels).toContain('Writer.prompt (messages)');
    expect(labels).toContain('Chat Output.text (text)');
    expect(labels.some((label) => label.startsWith('Writer.memory'))).toBe(false);
    expect(labels.some((label) => label.startsWith('Prompt.message'))).toBe(false);
    expect(labels.at(-1)).toBe('Disconnect Prompt.message');
    expect(choices.at(-1)).toMatchObject({ kind: 'disconnect', edgeId: 'e1' });
  });

  it('offers a resource output only the inputs of its own kind', () => {
    const choices = portChoices(nodes, edges, { nodeId: 'memory-1', portId: 'memory', side: 'output' });
    expect(choices.map((choice) => choice.label)).toEqual(['Writer.memory (memory)']);
  });

  it('works from an input too, and says when the new edge replaces the one an input holds', () => {
    const choices = portChoices(nodes, edges, { nodeId: 'prompt-1', portId: 'message', side: 'input' });
    const history = choices.find((choice) => choice.label.startsWith('Chat Input.history'));
    expect(history).toMatchObject({
      kind: 'connect',
      replaces: true,
      other: { nodeId: 'chat-input', side: 'output' },
    });
    expect(choices.some((choice) => choice.label.startsWith('Prompt.'))).toBe(false);
    const connection = choiceConnection(
      nodes,
      { nodeId: 'prompt-1', portId: 'message', side: 'input' },
      { nodeId: 'model-1', portId: 'text', side: 'output' },
    );
    expect(connection).toEqual({
      source: 'model-1',
      sourceHandle: 'text',
      target: 'prompt-1',
      targetHandle: 'message',
      sentence: 'Connected Writer.text to Prompt.message',
    });
  });

  it('names a port handle with its node, side, id and type', () => {
    const port = findPort('model', {}, 'prompt', 'input')!;
    expect(portAccessibleName('Model', port, 'input')).toMatch(/^Model, input prompt \(messages\)/);
  });
});

describe('free spot for a new node', () => {
  it('centres the node on the point when that is free, else moves to the nearest free place', () => {
    const size = nodeGeometry('model', {});
    expect(freeSpot([], 'model', {}, { x: 500, y: 500 })).toEqual({
      x: 500 - size.width / 2,
      y: Math.round(500 - size.height / 2),
    });
    const { nodes } = graphToFlow(graph);
    const spot = freeSpot(nodes, 'model', {}, { x: 420, y: 60 });
    const box = { ...spot, width: size.width, height: size.height };
    for (const node of nodes) {
      const other = nodeGeometry(node.type, node.data.config);
      const overlaps =
        box.x < node.position.x + other.width &&
        node.position.x < box.x + box.width &&
        box.y < node.position.y + other.height &&
        node.position.y < box.y + box.height;
      expect(overlaps, `overlaps ${node.id}`).toBe(false);
    }
    expect(Math.hypot(spot.x + size.width / 2 - 420, spot.y + size.height / 2 - 60)).toBeLessThan(500);
  });
});
