import {
  applyCopilotEdits,
  type CopilotEdit,
  defaultNodeRegistry,
  diffGraphs,
  type Graph,
} from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { acceptProposal } from './accept-proposal';
import type { CopilotMessage, CopilotProposal } from './copilot-types';
import { isProposalOnCanvas, planAcceptance } from './proposal-plan';

const CHATBOT: Graph = {
  version: 1,
  nodes: [
    {
      id: 'chat-input',
      type: 'chat-input',
      position: { x: 0, y: 0 },
      data: { label: 'Chat Input', config: {} },
    },
    {
      id: 'prompt',
      type: 'prompt',
      position: { x: 300, y: 0 },
      data: { label: 'Prompt', config: { system: 'Be brief.', template: '{{message}}' } },
    },
    {
      id: 'model',
      type: 'model',
      position: { x: 600, y: 0 },
      data: { label: 'Model', config: { provider: 'offline' } },
    },
    {
      id: 'chat-output',
      type: 'chat-output',
      position: { x: 900, y: 0 },
      data: { label: 'Chat Output', config: {} },
    },
  ],
  edges: [
    { id: 'e1', source: 'chat-input', sourceHandle: 'message', target: 'prompt', targetHandle: 'message' },
    { id: 'e2', source: 'prompt', sourceHandle: 'prompt', target: 'model', targetHandle: 'prompt' },
    { id: 'e3', source: 'model', sourceHandle: 'text', target: 'chat-output', targetHandle: 'text' },
  ],
};

/** "Add memory": a Memory node wired to the model, and the system prompt changed. */
const EDITS: CopilotEdit[] = [
  { op: 'addNode', id: 'memory', type: 'memory', config: { windowSize: 20 }, position: { x: 300, y: 200 } },
  { op: 'connect', source: 'memory', sourceHandle: 'memory', target: 'model', targetHandle: 'memory' },
  { op: 'setConfig', nodeId: 'prompt', config: { system: 'Be brief. Remember the conversation.' } },
];

/** The proposal as the server makes it: the edits applied to the graph that was sent, and the diff. */
function proposalFor(base: Graph, edits: CopilotEdit[]): CopilotProposal {
  const applied = applyCopilotEdits(base, edits, defaultNodeRegistry);
  if (!applied.ok) throw new Error(`fixture edit ${applied.index} refused: ${applied.problem}`);
  return {
    edits,
    graph: applied.graph,
    changes: diffGraphs(base, applied.graph),
    baseRevision: 4,
    by: { kind: 'offline', label: 'Offline copilot (no model)' },
  };
}

const PROPOSAL = proposalFor(CHATBOT, EDITS);
const rename = (graph: Graph, id: string, label: string): Graph => ({
  ...graph,
  nodes: graph.nodes.map((node) => (node.id === id ? { ...node, data: { ...node.data, label } } : node)),
});

describe('planAcceptance', () => {
  it('replays the edits on the canvas as it is now, keeping what the user changed meanwhile', () => {
    const edited = rename(CHATBOT, 'chat-output', 'Answer');
    const plan = planAcceptance(edited, PROPOSAL, defaultNodeRegistry);
    expect(plan.kind).toBe('apply');
    const graph = plan.kind === 'apply' ? plan.graph : CHATBOT;
    expect(graph.nodes.find((node) => node.id === 'chat-output')?.data.label).toBe('Answer');
    expect(graph.nodes.find((node) => node.id === 'memory')?.type).toBe('memory');
    expect(graph.edges.some((edge) => edge.source === 'memory' && edge.target === 'model')).toBe(true);
    expect(isProposalOnCanvas(graph, PROPOSAL)).toBe(true);
    // The canvas given is not changed.
    expect(edited.nodes).toHaveLength(4);
  });

  it('says which edit no longer applies when the canvas lost what it needs', () => {
    const withoutModel: Graph = {
      ...CHATBOT,
      nodes: CHATBOT.nodes.filter((node) => node.id !== 'model'),
      edges: CHATBOT.edges.filter((edge) => edge.source !== 'model' && edge.target !== 'model'),
    };
    const plan = planAcceptance(withoutModel, PROPOSAL, defaultNodeRegistry);
    expect(plan.kind).toBe('stale');
    expect(plan).toMatchObject({
      kind: 'stale',
      reason: {
        kind: 'edit',
        edit: { op: 'connect', source: 'memory', target: 'model', targetHandle: 'memory' },
        problem: expect.stringMatching(/model/),
      },
    });
  });

  it('knows when the canvas already holds the change, and when an undo took it away', () => {
    expect(planAcceptance(PROPOSAL.graph, PROPOSAL, defaultNodeRegistry)).toEqual({ kind: 'already' });
    expect(isProposalOnCanvas(CHATBOT, PROPOSAL)).toBe(false);
    // A setting put back by hand is enough to say the change is no longer there.
    const reverted: Graph = {
      ...PROPOSAL.graph,
      nodes: PROPOSAL.graph.nodes.map((node) => (node.id === 'prompt' ? CHATBOT.nodes[1]! : node)),
    };
    expect(isProposalOnCanvas(reverted, PROPOSAL)).toBe(false);
  });
});

describe('acceptProposal', () => {
  const message: CopilotMessage = {
    id: 'm1',
    role: 'assistant',
    content: 'Added memory.',
    status: 'proposed',
    proposal: PROPOSAL,
    acceptedRevision: null,
    acceptedBy: null,
    acceptedAt: null,
    createdAt: '2026-12-06T10:00:00.000Z',
  };

  function builder(graph: Graph, options: { saveFails?: boolean } = {}) {
    const log: string[] = [];
    let canvas = graph;
    let revision = 4;
    return {
      log,
      canvas: () => canvas,
      dependencies: {
        getGraph: () => canvas,
        replaceGraph: (next: Graph) => {
          log.push('replace');
          canvas = next;
        },
        flushSave: async () => {
          log.push('save');
          if (options.saveFails) throw new Error('This agent was changed elsewhere.');
          revision += 1;
        },
        getRevision: () => revision,
        record: async (messageId: string, saved: number) => {
          log.push(`record ${messageId} at ${saved}`);
          return { ...message, status: 'accepted', acceptedRevision: saved };
        },
      },
    };
  }

  it('applies as one replace, saves, then records the saved revision', async () => {
    const fake = builder(CHATBOT);
    const outcome = await acceptProposal(message, fake.dependencies);
    expect(fake.log).toEqual(['replace', 'save', 'record m1 at 5']);
    expect(outcome).toMatchObject({ kind: 'accepted', revision: 5, changed: true });
    expect(isProposalOnCanvas(fake.canvas(), PROPOSAL)).toBe(true);
  });

  it('only records when the canvas already holds the change', async () => {
    const fake = builder(PROPOSAL.graph);
    const outcome = await acceptProposal(message, fake.dependencies);
    expect(fake.log).toEqual(['save', 'record m1 at 5']);
    expect(outcome).toMatchObject({ kind: 'accepted', changed: false });
  });

  it('touches nothing when the edits no longer apply', async () => {
    const fake = builder({
      ...CHATBOT,
      nodes: CHATBOT.nodes.filter((node) => node.id !== 'prompt'),
      edges: [],
    });
    const outcome = await acceptProposal(message, fake.dependencies);
    expect(outcome.kind).toBe('stale');
    expect(fake.log).toEqual([]);
  });

  it('says the change is on the canvas but unsaved when the save fails, and records nothing', async () => {
    const fake = builder(CHATBOT, { saveFails: true });
    const outcome = await acceptProposal(message, fake.dependencies);
    expect(fake.log).toEqual(['replace', 'save']);
    expect(outcome).toEqual({
      kind: 'failed',
      applied: true,
      failure: { step: 'save', reason: 'This agent was changed elsewhere.' },
    });
  });
});
