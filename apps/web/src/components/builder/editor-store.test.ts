import type { Graph } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { createEditorStore } from './editor-store';

const starter: Graph = {
  version: 1,
  nodes: [
    { id: 'chat-input', type: 'chat-input', position: { x: 0, y: 0 }, data: { label: 'In', config: {} } },
    { id: 'chat-output', type: 'chat-output', position: { x: 600, y: 0 }, data: { config: {} } },
  ],
  edges: [],
};

describe('editor store', () => {
  it('adds nodes with default config, connects typed ports, and undoes and redoes each step', () => {
    const store = createEditorStore(starter);
    const prompt = store.addNode('prompt', { x: 200.4, y: 10 });
    expect(prompt).toBe('prompt-1');
    expect(store.getGraph().nodes.find((node) => node.id === prompt)).toMatchObject({
      position: { x: 200, y: 10 },
      data: { label: 'Prompt', config: { system: '', template: '{{message}}' } },
    });
    store.connect({ source: 'chat-input', sourceHandle: 'message', target: prompt, targetHandle: 'message' });
    expect(store.getGraph().edges).toHaveLength(1);
    // The same edge twice is ignored; a second edge into a single input replaces the first.
    store.connect({ source: 'chat-input', sourceHandle: 'message', target: prompt, targetHandle: 'message' });
    store.connect({ source: 'chat-input', sourceHandle: 'history', target: prompt, targetHandle: 'message' });
    expect(store.getGraph().edges.map((edge) => edge.sourceHandle)).toEqual(['history']);

    store.undo();
    expect(store.getGraph().edges.map((edge) => edge.sourceHandle)).toEqual(['message']);
    store.undo();
    store.undo();
    expect(store.getGraph().nodes).toHaveLength(2);
    expect(store.getState().canUndo).toBe(false);
    store.redo();
    expect(store.getGraph().nodes).toHaveLength(3);
    expect(store.getState().canRedo).toBe(true);
  });

  it('merges quick edits of one field into one undo step and counts document versions', () => {
    const store = createEditorStore(starter);
    const start = store.getState().docVersion;
    store.updateNode('chat-input', { config: { placeholder: 'H' } }, 'placeholder');
    store.updateNode('chat-input', { config: { placeholder: 'Hi' } }, 'placeholder');
    expect(store.getState().docVersion).toBe(start + 2);
    store.undo();
    expect(store.getGraph().nodes[0]!.data.config).toEqual({});
    // Selection is not an edit.
    const before = store.getState().docVersion;
    store.select(['chat-output']);
    expect(store.getState().docVersion).toBe(before);
    expect(store.getGraph().nodes.some((node) => 'selected' in node)).toBe(false);
  });

  it('copies and pastes the selection with fresh ids and the edges between copied nodes', () => {
    const store = createEditorStore(starter);
    const prompt = store.addNode('prompt', { x: 0, y: 0 });
    const model = store.addNode('model', { x: 300, y: 0 });
    store.connect({ source: prompt, sourceHandle: 'prompt', target: model, targetHandle: 'prompt' });
    store.select([prompt, model]);
    expect(store.copySelection()).toBe(2);
    expect(store.paste()).toBe(2);
    const graph = store.getGraph();
    expect(graph.nodes.map((node) => node.id)).toEqual([
      'chat-input',
      'chat-output',
      'prompt-1',
      'model-1',
      'prompt-2',
      'model-2',
    ]);
    expect(graph.edges.map((edge) => [edge.source, edge.target])).toContainEqual(['prompt-2', 'model-2']);
    expect(
      store
        .getState()
        .nodes.filter((node) => node.selected)
        .map((node) => node.id),
    ).toEqual(['prompt-2', 'model-2']);
  });

  it('deletes nodes with their edges and keeps unknown node types as they are', () => {
    const store = createEditorStore({
      ...starter,
      nodes: [
        ...starter.nodes,
        { id: 'x', type: 'teleporter', position: { x: 1, y: 2 }, data: { config: { far: true } } },
      ],
      edges: [{ id: 'e', source: 'chat-input', sourceHandle: 'message', target: 'x', targetHandle: 'in' }],
    });
    expect(store.getGraph().nodes[2]).toEqual({
      id: 'x',
      type: 'teleporter',
      position: { x: 1, y: 2 },
      data: { config: { far: true } },
    });
    store.deleteElements(['x']);
    expect(store.getGraph().edges).toEqual([]);
    expect(store.getGraph().nodes).toHaveLength(2);
  });
});
