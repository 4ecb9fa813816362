import { describe, expect, it } from 'vitest';
import type { Graph } from '../format/graph-schema';
import { defaultNodeRegistry as registry } from '../nodes';
import { validateGraph } from '../plan/validate-graph';
import { deepFreeze, starterGraph } from './__fixtures__/copilot-fixtures';
import { type CopilotEdit, applyCopilotEdit, applyCopilotEdits } from './edits';

function apply(graph: Graph, edit: CopilotEdit): Graph {
  const result = applyCopilotEdit(graph, edit, registry);
  if (!result.ok) throw new Error(`Refused: ${result.problem}`);
  return result.graph;
}

function problemOf(graph: Graph, edit: CopilotEdit): string {
  const result = applyCopilotEdit(graph, edit, registry);
  if (result.ok) throw new Error(`Expected ${edit.op} to be refused`);
  return result.problem;
}

/** Chat Input → Prompt → Model → Chat Output, valid. */
function chain(): Graph {
  const result = applyCopilotEdits(
    starterGraph(),
    [
      { op: 'addNode', id: 'prompt', type: 'prompt', position: { x: 320, y: 120 } },
      { op: 'addNode', id: 'model', type: 'model', config: { temperature: 0.2 } },
      {
        op: 'connect',
        source: 'chat-input',
        sourceHandle: 'message',
        target: 'prompt',
        targetHandle: 'message',
      },
      { op: 'connect', source: 'prompt', sourceHandle: 'prompt', target: 'model', targetHandle: 'prompt' },
      { op: 'connect', source: 'model', sourceHandle: 'text', target: 'chat-output', targetHandle: 'text' },
    ],
    registry,
  );
  if (!result.ok) throw new Error(result.problem);
  return result.graph;
}

describe('applyCopilotEdit: addNode', () => {
  it('adds a node with every default spelled out, the type’s title and a free place right of the rest', () => {
    const graph = apply(starterGraph(), { op: 'addNode', id: 'memory', type: 'memory' });
    expect(graph.nodes.at(-1)).toEqual({
      id: 'memory',
      type: 'memory',
      position: { x: 960, y: 120 },
      data: { label: 'Conversation Memory', config: { windowSize: 20 } },
    });
    const placed = apply(graph, {
      op: 'addNode',
      id: 'm2',
      type: 'memory',
      label: 'Long',
      position: { x: 5, y: 6 },
    });
    expect(placed.nodes.at(-1)).toMatchObject({ position: { x: 5, y: 6 }, data: { label: 'Long' } });
  });

  it('refuses an id in use, an unknown type (naming close ones), a bad setting, a secret and a redacted value', () => {
    const graph = starterGraph();
    expect(problemOf(graph, { op: 'addNode', id: 'chat-input', type: 'prompt' })).toBe(
      'A node with the id "chat-input" already exists. Pick another id, or change that node with setConfig.',
    );
    const unknown = problemOf(graph, { op: 'addNode', id: 'x', type: 'modle' });
    expect(unknown).toContain('There is no node type "modle". Did you mean "model"?');
    expect(unknown).toContain('Node types: chat-input, chat-output, prompt, model, agent, memory,');
    expect(problemOf(graph, { op: 'addNode', id: 'm', type: 'model', config: { temperature: 5 } })).toBe(
      'The config of the new model node "m" is invalid: "temperature": Too big: expected number to be <=2.',
    );
    expect(
      problemOf(graph, { op: 'addNode', id: 'm', type: 'model', config: { provider: 'mystery' } }),
    ).toContain('"provider": Invalid option: expected one of "offline"|"openai"|"anthropic"');
    expect(
      problemOf(graph, {
        op: 'addNode',
        id: 'api',
        type: 'http-request-tool',
        config: { headers: { Authorization: 'Bearer sk-abcdefghijklmnopqrstuvwxyz123456' } },
      }),
    ).toBe(
      '"headers.Authorization" on node "api" looks like a secret, and graphs never hold secrets: reference a stored credential by its id in "credentialId" instead.',
    );
    expect(
      problemOf(graph, { op: 'addNode', id: 'm', type: 'model', config: { credentialId: '[redacted]' } }),
    ).toBe(
      '"[redacted]" stands for a secret you cannot see on node "m"; leave that setting out of the edit.',
    );
  });

  it('refuses a malformed edit with the field at fault', () => {
    const edit = { op: 'addNode', id: '', type: 'model' } as CopilotEdit;
    expect(problemOf(starterGraph(), edit)).toBe(
      'The edit is malformed: "id": Too small: expected string to have >=1 characters.',
    );
  });
});

describe('applyCopilotEdit: connect and disconnect', () => {
  it('builds a valid graph edge by edge, with readable edge ids', () => {
    const graph = chain();
    expect(validateGraph(graph, registry).ok).toBe(true);
    expect(graph.edges.map((edge) => edge.id)).toEqual([
      'e-chat-input-prompt',
      'e-prompt-model',
      'e-model-chat-output',
    ]);
  });

  it('refuses missing nodes, self-loops, unknown ports, incompatible types, a taken input, duplicates and loops', () => {
    const graph = chain();
    const connect = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
      problemOf(graph, { op: 'connect', source, sourceHandle, target, targetHandle });
    expect(connect('nope', 'text', 'model', 'prompt')).toBe(
      'There is no node "nope" to connect from. Nodes: "chat-input", "chat-output", "prompt", "model".',
    );
    expect(connect('model', 'text', 'model', 'prompt')).toBe(
      'An edge cannot go from "model" to itself: graphs flow one way.',
    );
    expect(connect('prompt', 'answer', 'model', 'prompt')).toBe(
      'Node "prompt" (prompt) has no output "answer". Its outputs: "prompt" (messages), "text" (text).',
    );
    expect(connect('prompt', 'message', 'model', 'prompt')).toContain(
      '("message" is one of its inputs; edges leave from outputs)',
    );
    expect(connect('model', 'text', 'prompt', 'memory')).toBe(
      'Node "prompt" (prompt) has no input "memory". Its inputs: "message" (text, required), "files" (files).',
    );
    const memory = apply(graph, { op: 'addNode', id: 'memory', type: 'memory' });
    expect(
      problemOf(memory, {
        op: 'connect',
        source: 'memory',
        sourceHandle: 'memory',
        target: 'model',
        targetHandle: 'prompt',
      }),
    ).toBe(
      'Cannot connect the memory output "memory" of "memory" to the messages input "prompt" of "model": a memory output feeds memory inputs. Inputs of "model" that accept it: "memory" (memory).',
    );
    expect(connect('chat-input', 'history', 'model', 'prompt')).toBe(
      'Input "prompt" of "model" already has an edge from "prompt" and takes only one. Disconnect that edge first (disconnect { source: "prompt", target: "model" }).',
    );
    expect(connect('prompt', 'prompt', 'model', 'prompt')).toBe(
      '"prompt".prompt is already connected to "model".prompt.',
    );
    const twoVariables = apply(graph, {
      op: 'setConfig',
      nodeId: 'prompt',
      config: { template: '{{message}} {{notes}}' },
    });
    expect(
      problemOf(twoVariables, {
        op: 'connect',
        source: 'model',
        sourceHandle: 'text',
        target: 'prompt',
        targetHandle: 'notes',
      }),
    ).toBe(
      'Connecting "model" → "prompt" would make a loop ("prompt" already leads to "model"). Graphs flow one way; an Agent does the looping.',
    );
  });

  it('takes several edges into an input that accepts several', () => {
    const graph = apply(chain(), {
      op: 'connect',
      source: 'chat-input',
      sourceHandle: 'message',
      target: 'chat-output',
      targetHandle: 'text',
    });
    expect(graph.edges.filter((edge) => edge.target === 'chat-output')).toHaveLength(2);
  });

  it('disconnects the edges between two nodes, or says which edges there are', () => {
    const graph = apply(chain(), { op: 'disconnect', source: 'prompt', target: 'model' });
    expect(graph.edges.map((edge) => edge.id)).toEqual(['e-chat-input-prompt', 'e-model-chat-output']);
    expect(problemOf(chain(), { op: 'disconnect', source: 'prompt', target: 'chat-output' })).toBe(
      'There is no edge from "prompt" to "chat-output". Edges from "prompt": "prompt".prompt → "model".prompt.',
    );
    expect(
      problemOf(chain(), { op: 'disconnect', source: 'prompt', target: 'model', sourceHandle: 'text' }),
    ).toContain('There is no edge from "prompt" to "model" between those ports.');
  });
});

describe('applyCopilotEdit: setConfig, removeNode, moveNode', () => {
  it('merges settings, removes those set to null and renames', () => {
    const graph = apply(chain(), {
      op: 'setConfig',
      nodeId: 'model',
      config: { temperature: null, maxOutputTokens: 300 },
      label: 'Writer',
    });
    const model = graph.nodes.find((node) => node.id === 'model')!;
    expect(model.data).toEqual({
      label: 'Writer',
      // The node's schema fills its defaults (the answer format too).
      config: {
        provider: 'offline',
        model: '',
        maxOutputTokens: 300,
        output: { name: 'answer', type: 'text' },
      },
    });
  });

  it('refuses an empty change, a bad value, an unknown node and a change that strands an edge', () => {
    const graph = chain();
    expect(problemOf(graph, { op: 'setConfig', nodeId: 'model' })).toBe(
      'The edit of node "model" changes nothing: give "config" or "label".',
    );
    expect(problemOf(graph, { op: 'setConfig', nodeId: 'model', config: { maxOutputTokens: 0 } })).toBe(
      'The config of Model "model" is invalid: "maxOutputTokens": Too small: expected number to be >=1.',
    );
    expect(problemOf(graph, { op: 'setConfig', nodeId: 'ghost', config: { a: 1 } })).toContain(
      'There is no node "ghost".',
    );
    expect(
      problemOf(graph, { op: 'setConfig', nodeId: 'prompt', config: { template: '{{question}}' } }),
    ).toBe(
      'That change removes the input "message" of "prompt", which has an edge from "chat-input". Disconnect it first (disconnect { source: "chat-input", target: "prompt" }) or keep the setting.',
    );
  });

  it('removes a node with its edges and moves nodes', () => {
    const removed = apply(chain(), { op: 'removeNode', nodeId: 'prompt' });
    expect(removed.nodes.map((node) => node.id)).toEqual(['chat-input', 'chat-output', 'model']);
    expect(removed.edges.map((edge) => edge.id)).toEqual(['e-model-chat-output']);
    const moved = apply(chain(), { op: 'moveNode', nodeId: 'model', position: { x: 10, y: -20 } });
    expect(moved.nodes.find((node) => node.id === 'model')!.position).toEqual({ x: 10, y: -20 });
    expect(problemOf(chain(), { op: 'removeNode', nodeId: 'ghost' })).toContain('There is no node "ghost"');
    expect(problemOf(chain(), { op: 'moveNode', nodeId: 'ghost', position: { x: 0, y: 0 } })).toContain(
      'There is no node "ghost"',
    );
  });
});

describe('applyCopilotEdits', () => {
  it('never changes the graph it is given', () => {
    const graph = deepFreeze(chain());
    const before = structuredClone(graph);
    const edits: CopilotEdit[] = [
      { op: 'addNode', id: 'memory', type: 'memory' },
      { op: 'connect', source: 'memory', sourceHandle: 'memory', target: 'model', targetHandle: 'memory' },
      { op: 'setConfig', nodeId: 'model', config: { temperature: null }, label: 'M' },
      { op: 'moveNode', nodeId: 'prompt', position: { x: 1, y: 1 } },
      { op: 'disconnect', source: 'prompt', target: 'model' },
      { op: 'removeNode', nodeId: 'chat-output' },
    ];
    const result = applyCopilotEdits(graph, edits, registry);
    expect(result.ok).toBe(true);
    expect(graph).toEqual(before);
  });

  it('stops at the first refused edit and says which', () => {
    const result = applyCopilotEdits(
      chain(),
      [
        { op: 'addNode', id: 'memory', type: 'memory' },
        { op: 'addNode', id: 'memory', type: 'memory' },
      ],
      registry,
    );
    expect(result).toEqual({
      ok: false,
      index: 1,
      problem:
        'A node with the id "memory" already exists. Pick another id, or change that node with setConfig.',
    });
  });
});
