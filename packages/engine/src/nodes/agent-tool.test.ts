import { describe, expect, it } from 'vitest';
import { loadFixture } from '../__fixtures__/load-fixture';
import type { GraphInput } from '../format/graph-schema';
import { graphSchema } from '../format/graph-schema';
import { scriptedModel, textParts, toolCallParts } from '../testing/mock-model';
import { mockContext, runToEnd } from '../testing/run-helpers';

/** A parent agent whose only tool is another saved agent. */
function parentGraph(agentId: string): GraphInput {
  const graph = loadFixture('agent-tools');
  graph.nodes = graph.nodes.filter(
    (node) => node.type !== 'calculator-tool' && node.type !== 'current-time-tool',
  );
  graph.edges = graph.edges.filter((edge) => edge.targetHandle !== 'tools');
  graph.nodes.push({
    id: 'helper',
    type: 'agent-tool',
    position: { x: 0, y: 0 },
    data: { config: { agentId, name: 'ask_helper' } },
  });
  graph.edges.push({
    id: 'h',
    source: 'helper',
    sourceHandle: 'tool',
    target: 'agent',
    targetHandle: 'tools',
  });
  return graph;
}

describe('Agent as Tool', () => {
  it('runs the saved agent as a sub-run and hands its answer to the calling agent', async () => {
    const parent = scriptedModel(
      toolCallParts('c1', 'ask_helper', { task: 'Say hi' }),
      textParts(['Helper says hi.']),
    );
    const child = scriptedModel(textParts(['hi ', 'from ', 'child']));
    const context = mockContext(
      { 'agent-model': parent, main: child },
      { agentGraphs: { helper: graphSchema.parse(loadFixture('single-model')) } },
    );
    const run = await runToEnd(parentGraph('helper'), context, 'Ask the helper');
    expect(run.answer).toBe('Helper says hi.');
    const result = run.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      toolName: 'ask_helper',
      isError: false,
      output: { answer: 'hi from child' },
    });
    expect(child.doStreamCalls[0]?.prompt.at(-1)).toMatchObject({
      role: 'user',
      content: [{ type: 'text', text: 'Say hi' }],
    });
    // The sub-run's tokens count towards the run.
    expect(run.usage.outputTokens).toBe(5 + 1 + 3); // parent tool step, parent answer, child answer
    // Its node events stay inside the tool call.
    const started = run.events.flatMap((event) => (event.type === 'node-start' ? [event.nodeId] : []));
    expect(started.sort()).toEqual(['agent', 'chat-input', 'chat-output', 'helper', 'model']);
  });

  it('stops agents calling agents deeper than the limit, as a tool error the agent can read', async () => {
    const parent = scriptedModel(
      toolCallParts('c1', 'ask_helper', { task: 'again' }),
      textParts(['Could not delegate.']),
    );
    const context = mockContext(
      { 'agent-model': parent },
      { agentGraphs: { helper: graphSchema.parse(loadFixture('single-model')) } },
    );
    const run = await runToEnd(parentGraph('helper'), context, 'go', { maxDepth: 0 });
    expect(run.status).toBe('done');
    const result = run.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      isError: true,
      output: { error: expect.stringMatching(/0 levels deep/) },
    });
  });

  it('reports an agent that does not exist', async () => {
    const parent = scriptedModel(toolCallParts('c1', 'ask_helper', { task: 'x' }), textParts(['ok']));
    const run = await runToEnd(parentGraph('missing'), mockContext({ 'agent-model': parent }));
    const result = run.events.find((event) => event.type === 'tool-result');
    expect(result).toMatchObject({
      isError: true,
      output: { error: expect.stringContaining('"missing" does not exist') },
    });
  });
});
