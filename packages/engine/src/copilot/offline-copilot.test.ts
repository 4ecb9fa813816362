import { describe, expect, it } from 'vitest';
import type { Graph } from '../format/graph-schema';
import { defaultNodeRegistry as registry } from '../nodes';
import { validateGraph } from '../plan/validate-graph';
import { collectRun } from '../runtime/collect-run';
import { createMemoryContext, createMemoryStorage } from '../runtime/in-memory';
import { runGraph } from '../runtime/run-graph';
import { emptyWorkspace, loadTemplates, starterGraph, templateGraph } from './__fixtures__/copilot-fixtures';
import { applyCopilotEdits } from './edits';
import { runOfflineCopilot } from './offline-copilot';
import { type CopilotEvent, type CopilotWorkspace, OFFLINE_COPILOT_LABEL } from './types';

const templates = loadTemplates();

function ask(
  message: string,
  graph: Graph,
  workspace: CopilotWorkspace = emptyWorkspace,
  events?: CopilotEvent[],
) {
  return runOfflineCopilot({
    message,
    history: [],
    graph,
    registry,
    workspace,
    templates,
    onEvent: events ? (event) => events.push(event) : undefined,
  });
}

function nodeOf(graph: Graph | null, id: string) {
  const node = graph?.nodes.find((candidate) => candidate.id === id);
  if (!node) throw new Error(`No node "${id}" in the proposal.`);
  return node;
}

function expectValid(graph: Graph | null): Graph {
  expect(graph).not.toBeNull();
  const result = validateGraph(graph, registry);
  expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([]);
  return graph!;
}

describe('offline copilot: building from a description', () => {
  it('builds a remembering chatbot on the starter canvas that validates, runs and remembers', async () => {
    const events: CopilotEvent[] = [];
    const base = starterGraph();
    const outcome = await ask('a chatbot that remembers the conversation', base, emptyWorkspace, events);

    expect(outcome.content.startsWith(`${OFFLINE_COPILOT_LABEL}: I built “Basic chatbot”`)).toBe(true);
    const graph = expectValid(outcome.graph);
    expect(graph.nodes.map((node) => node.type).sort()).toEqual([
      'chat-input',
      'chat-output',
      'memory',
      'model',
      'prompt',
    ]);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'memory', target: 'model', targetHandle: 'memory' }),
    );
    // The canvas's own Chat Input and Chat Output are kept, and the output moves into the template's place.
    expect(outcome.edits).toContainEqual({
      op: 'moveNode',
      nodeId: 'chat-output',
      position: { x: 940, y: 120 },
    });
    // The client replays the edits onto the same canvas and gets the same graph.
    expect(applyCopilotEdits(base, outcome.edits, registry)).toEqual({ ok: true, graph });
    expect(events.filter((event) => event.type === 'edit')).toHaveLength(outcome.edits.length);
    expect(events.at(-1)).toEqual({ type: 'text', delta: outcome.content });

    const storage = createMemoryStorage();
    const context = createMemoryContext({ storage, conversationId: 'c-1' });
    for (const message of ['My name is Ada.', 'What is my name?']) {
      const run = await collectRun(runGraph({ graph, input: { message }, context }));
      expect(run.status).toBe('done');
      expect(run.answer).toContain('[Offline model]');
    }
    const remembered = await storage.loadMessages({ conversationId: 'c-1', memoryKey: 'memory', limit: 20 });
    expect(remembered.map((message) => message.content)).toEqual([
      'My name is Ada.',
      expect.any(String),
      'What is my name?',
      expect.any(String),
    ]);
  });

  it('builds on an empty canvas too, and picks the workspace knowledge base whose name fits', async () => {
    const workspace = {
      ...emptyWorkspace,
      knowledgeBases: [
        { id: 'kb-hr', name: 'HR handbook' },
        { id: 'kb-docs', name: 'Product docs' },
      ],
    };
    const outcome = await ask(
      'a support bot that answers from our product docs and asks a person before any refund',
      { version: 1, nodes: [], edges: [] },
      workspace,
    );
    const graph = expectValid(outcome.graph);
    expect(nodeOf(graph, 'knowledge').data.config.knowledgeBaseId).toBe('kb-docs');
    expect(outcome.content).toContain('searches the knowledge base “Product docs”');
    expect(outcome.content).toContain(
      'You also asked for Human approval, which I cannot add to this graph without a model',
    );
  });

  it('answers a greeting on a blank canvas with what it can do', async () => {
    const outcome = await ask('hello', starterGraph());
    expect(outcome.graph).toBeNull();
    expect(outcome.content).toContain(
      `${OFFLINE_COPILOT_LABEL}: I did not understand that. Without a model I can:`,
    );
  });

  it('says what is missing instead of proposing a graph that cannot run', async () => {
    const outcome = await ask('a bot that answers questions from our documents', starterGraph());
    expect(outcome.graph).toBeNull();
    expect(outcome.content).toContain('“Knowledge-base Q&A” would fit, but it cannot run here yet');
    expect(outcome.content).toContain('Create one under Knowledge');
  });
});

describe('offline copilot: changes to an existing graph', () => {
  it('adds memory wired to the answering model', async () => {
    const outcome = await ask('add memory', templateGraph('translator'));
    const graph = expectValid(outcome.graph);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'memory',
        sourceHandle: 'memory',
        target: 'model',
        targetHandle: 'memory',
      }),
    );
    expect(outcome.content).toContain('Connected a “Conversation Memory” memory to “Model”');
    const again = await ask('add memory', graph);
    expect(again).toMatchObject({ graph: null, edits: [] });
    expect(again.content).toContain('It already remembers the conversation');
  });

  it('makes it answer in Chinese, then in French, through the instructions that reach the model', async () => {
    const chatbot = await ask('make it answer in Chinese', templateGraph('basic-chatbot'));
    const graph = expectValid(chatbot.graph);
    expect(chatbot.edits).toHaveLength(1);
    expect(String(nodeOf(graph, 'prompt').data.config.system)).toMatch(
      /earlier in the conversation\.\n\nAlways answer in Chinese\.$/,
    );
    const french = await ask('reply in French please', graph);
    expect(String(nodeOf(french.graph, 'prompt').data.config.system)).toMatch(
      /\n\nAlways answer in French\.$/,
    );

    const agent = await ask('make it answer in Chinese', templateGraph('support-agent'));
    expect(String(nodeOf(agent.graph, 'agent').data.config.instructions)).toMatch(
      /Always answer in Chinese\.$/,
    );
  });

  it('adds a tool, turning a plain model chatbot into an agent that still runs', async () => {
    const outcome = await ask('add a calculator tool', templateGraph('basic-chatbot'));
    const graph = expectValid(outcome.graph);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'calculator', target: 'agent', targetHandle: 'tools' }),
    );
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'model', sourceHandle: 'model', target: 'agent' }),
    );
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'memory', target: 'agent', targetHandle: 'memory' }),
    );
    const run = await collectRun(
      runGraph({ graph, input: { message: 'What is 12 * 7?' }, context: createMemoryContext() }),
    );
    expect(run.status).toBe('done');
  });

  it('adds a tool that delegates to the saved agent whose name fits', async () => {
    const workspace = {
      ...emptyWorkspace,
      agents: [
        { id: 'a-sales', name: 'Sales' },
        { id: 'a-billing', name: 'Billing helper' },
      ],
    };
    const outcome = await ask(
      'let it delegate billing questions to another agent',
      templateGraph('support-agent'),
      workspace,
    );
    const graph = expectValid(outcome.graph);
    expect(nodeOf(graph, 'agent-tool').data.config.agentId).toBe('a-billing');
    expect(outcome.content).toContain('calls the agent “Billing helper”');
    // Without an agent to call, the plain chatbot is not turned into an Agent for nothing.
    const none = await ask('let it delegate to another agent', templateGraph('basic-chatbot'));
    expect(none).toMatchObject({ graph: null, edits: [] });
    expect(none.content).toContain(
      'I did not add the Agent as Tool tool: there is no other saved agent for it to call.',
    );
  });

  it('removes the node named, bridging the data it passed along, and asks when the name is ambiguous', async () => {
    const removed = await ask('remove the prompt', templateGraph('basic-chatbot'));
    const graph = expectValid(removed.graph);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({
        source: 'chat-input',
        sourceHandle: 'message',
        target: 'model',
        targetHandle: 'prompt',
      }),
    );
    const ambiguous = await ask('delete the model', templateGraph('router'));
    expect(ambiguous.graph).toBeNull();
    expect(ambiguous.content).toContain('Several nodes match “model”');
  });
});

describe('offline copilot: problems and explanations', () => {
  it('fixes what can be fixed mechanically', async () => {
    const broken = templateGraph('basic-chatbot');
    broken.edges = broken.edges.filter((edge) => edge.target !== 'chat-output');
    broken.edges.push(
      {
        id: 'wrong-type',
        source: 'memory',
        sourceHandle: 'memory',
        target: 'prompt',
        targetHandle: 'message',
      },
      { id: 'to-nowhere', source: 'prompt', sourceHandle: 'text', target: 'ghost', targetHandle: 'text' },
    );
    const outcome = await ask('Fix the problems', broken);
    const graph = expectValid(outcome.graph);
    expect(graph.edges).toContainEqual(
      expect.objectContaining({ source: 'model', sourceHandle: 'text', target: 'chat-output' }),
    );
    expect(outcome.content).toContain('I fixed every problem');
    expect(outcome.content).toContain('Removed the edge prompt → ghost (it led nowhere).');
  });

  it('says what it cannot fix, and proposes nothing then', async () => {
    const broken = templateGraph('basic-chatbot');
    broken.nodes.push({
      id: 'mystery',
      type: 'teleporter',
      position: { x: 0, y: 600 },
      data: { config: {} },
    });
    const outcome = await ask('fix', broken);
    expect(outcome).toMatchObject({ graph: null, edits: [] });
    expect(outcome.content).toContain('which this version of Agentry does not know');
  });

  it('explains the graph in the order data flows, with its problems', async () => {
    const outcome = await ask('What does this do?', templateGraph('basic-chatbot'));
    expect(outcome.graph).toBeNull();
    expect(outcome.content).toContain('1. “Chat Input” (Chat Input)');
    expect(outcome.content).toContain('→ “Chat Output”');
    expect(outcome.content).toContain('It has no problems and can run.');
    const failing = await ask('why does this fail?', starterGraph());
    expect(failing.content).toContain('It cannot run yet. The problems:');
    expect(failing.content).toContain('No path leads from the Chat Input to a Chat Output');
  });

  it('answers what it does not understand with what it can do offline', async () => {
    const outcome = await ask('What will the weather be tomorrow?', templateGraph('basic-chatbot'));
    expect(outcome).toMatchObject({ graph: null, edits: [] });
    expect(outcome.content).toContain(`${OFFLINE_COPILOT_LABEL}: I did not understand that.`);
    expect(outcome.content).toContain('Choose a model credential in Settings → Copilot');
  });

  it('stops when the turn is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runOfflineCopilot({
        message: 'explain',
        history: [],
        graph: starterGraph(),
        registry,
        workspace: emptyWorkspace,
        templates,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });
});
