import { describe, expect, it } from 'vitest';
import { loadExample, loadFixture } from '../__fixtures__/load-fixture';
import { defaultNodeRegistry } from '../nodes';
import type { GraphInput } from '../format/graph-schema';
import type { GraphProblemCode } from './problems';
import { validateGraph } from './validate-graph';

const registry = defaultNodeRegistry;

function codes(graph: unknown): GraphProblemCode[] {
  const result = validateGraph(graph, registry);
  return result.ok ? [] : result.problems.map((problem) => problem.code);
}

function minimal(): GraphInput {
  return {
    version: 1,
    nodes: [
      { id: 'in', type: 'chat-input', position: { x: 0, y: 0 }, data: {} },
      { id: 'out', type: 'chat-output', position: { x: 1, y: 0 }, data: {} },
    ],
    edges: [{ id: 'e1', source: 'in', sourceHandle: 'message', target: 'out', targetHandle: 'text' }],
  };
}

describe('validateGraph', () => {
  it('compiles a valid graph into a plan with parsed configs and wiring', () => {
    const result = validateGraph(loadExample('chatbot'), registry);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const model = result.plan.byId.get('model')!;
    expect(model.config).toMatchObject({ provider: 'offline', temperature: 0.7 });
    expect(model.upstreamCount).toBe(2); // prompt and memory
    expect(model.feedsAnswer).toBe(true);
    expect(result.plan.byId.get('prompt')!.feedsAnswer).toBe(false);
    expect(result.plan.answerNodes).toEqual([result.plan.byId.get('chat-output')!.index]);
  });

  it('reports every problem of a broken graph at once, each pointing at what to fix', () => {
    const result = validateGraph(loadFixture('invalid-everything'), registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const found = result.problems.map((problem) => [problem.code, problem.nodeId ?? problem.edgeId]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['duplicate_id', 'prompt'],
        ['duplicate_id', 'e-ok'],
        ['unknown_node_type', 'mystery'],
        ['invalid_config', 'bad-model'],
        ['secret_in_graph', 'bad-model'],
        ['dangling_edge', 'e-ghost'],
        ['dangling_edge', 'chat-input'],
        ['incompatible_edge', 'chat-output'],
        ['too_many_edges', 'prompt'],
        ['missing_required_input', 'agent'],
        ['cycle', 'loop-a'],
        ['no_output_reachable', 'chat-output'],
      ]),
    );
    const config = result.problems.find((problem) => problem.code === 'invalid_config')!;
    expect(config.path).toEqual(['temperature']);
    const cycle = result.problems.find((problem) => problem.code === 'cycle')!;
    expect(cycle.nodeIds).toEqual(['loop-a', 'loop-b']);
    const missing = result.problems.filter((problem) => problem.code === 'missing_required_input');
    expect(missing.map((problem) => `${problem.nodeId}.${problem.portId}`)).toEqual(
      expect.arrayContaining(['agent.prompt', 'agent.model', 'chat-output.text']),
    );
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(20);
  });

  it('requires exactly one chat input', () => {
    const graph = minimal();
    expect(codes({ ...graph, nodes: [graph.nodes[1]], edges: [] })).toContain('no_chat_input');
    const twice = minimal();
    twice.nodes.push({ id: 'in2', type: 'chat-input', position: { x: 0, y: 0 }, data: {} });
    expect(codes(twice)).toEqual(['multiple_chat_inputs']);
  });

  it('requires a chat output reachable from the chat input', () => {
    expect(codes({ ...minimal(), edges: [] })).toEqual(['missing_required_input', 'no_output_reachable']);
    const noOutput = minimal();
    expect(codes({ ...noOutput, nodes: [noOutput.nodes[0]], edges: [] })).toEqual(['no_output_reachable']);
  });

  it('rejects malformed documents and oversized graphs before looking at nodes', () => {
    expect(codes({ version: 2, nodes: [], edges: [] })).toEqual(['invalid_graph_shape']);
    expect(codes('not a graph')).toEqual(['invalid_graph_shape']);
    const result = validateGraph({ version: 1, nodes: [{ id: 'x' }], edges: [] }, registry);
    expect(result.ok || result.problems[0]?.path).toEqual(['nodes', 0, 'type']);
    const huge = { version: 1, nodes: Array.from({ length: 2001 }, () => ({})), edges: [] };
    expect(codes(huge)).toEqual(['graph_too_large']);
  });

  it('resolves a missing handle when the node has a single port, and refuses it otherwise', () => {
    const graph = minimal();
    graph.edges[0] = { id: 'e1', source: 'in', sourceHandle: 'message', target: 'out', targetHandle: null };
    expect(codes(graph)).toEqual([]);
    graph.edges[0] = { id: 'e1', source: 'in', target: 'out', targetHandle: 'text' };
    expect(codes(graph)).toEqual(['dangling_edge', 'missing_required_input', 'no_output_reachable']);
  });

  it('lets text flow into messages but keeps resources to their own kind', () => {
    const graph = loadExample('chatbot');
    const toPrompt = graph.edges.find((edge) => edge.id === 'e-prompt-model')!;
    const textEdge = { ...toPrompt, sourceHandle: 'text' };
    expect(
      codes({ ...graph, edges: graph.edges.map((edge) => (edge === toPrompt ? textEdge : edge)) }),
    ).toEqual([]);
    const memoryEdge = graph.edges.find((edge) => edge.id === 'e-memory-model')!;
    const wrong = { ...memoryEdge, targetHandle: 'prompt' };
    const result = validateGraph(
      { ...graph, edges: [...graph.edges.filter((edge) => edge !== memoryEdge), wrong] },
      registry,
    );
    expect(result.ok ? [] : result.problems.map((problem) => problem.code)).toContain('incompatible_edge');
  });

  it('applies definition-specific checks (a Model whose text is used needs a prompt)', () => {
    const graph = minimal();
    graph.nodes.push({ id: 'model', type: 'model', position: { x: 0, y: 0 }, data: {} });
    graph.edges.push({
      id: 'e2',
      source: 'model',
      sourceHandle: 'text',
      target: 'out',
      targetHandle: 'text',
    });
    const result = validateGraph(graph, registry);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'missing_required_input', nodeId: 'model', portId: 'prompt' }),
    ]);
  });
});
