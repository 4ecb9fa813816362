import type { DatabaseHandle } from '@agentry/db';
import { testBackends } from '@agentry/db/testing';
import {
  createMemoryCheckpoints,
  createMemoryContext,
  defaultNodeRegistry,
  type EngineEvent,
  runGraph,
  validateGraph,
} from '@agentry/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { createTestOwner, testRuntime } from '../test-support';
import { getAgent } from './agents';
import type { Actor } from './auth';
import { agentTemplates, createAgentFromTemplate, listTemplates, starterGraph } from './templates';

// A message per template that exercises what it is for (a question for the router, a sum for the tools).
const MESSAGES: Record<string, string> = {
  'basic-chatbot': 'Hello, my name is Ada.',
  translator: 'Good morning, how are you?',
  'support-agent': 'I bought 3 items at 12.50 each; what is 3 * 12.5?',
  'autonomous-agent': 'Work out 17 * 23 and tell me the time.',
  router: 'What is the capital of France?',
  'knowledge-qa': 'How long is the warranty on the kettle?',
  'refund-with-approval': 'Please refund order 1042: the kettle arrived broken, it cost 39.90.',
};

async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const all: EngineEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('built-in templates', () => {
  it('lists the seven templates with names and descriptions', () => {
    expect(listTemplates().map((template) => template.id)).toEqual([
      'basic-chatbot',
      'translator',
      'support-agent',
      'autonomous-agent',
      'router',
      'knowledge-qa',
      'refund-with-approval',
    ]);
    for (const template of listTemplates()) {
      expect(template.name.length).toBeGreaterThan(2);
      expect(template.description.length).toBeGreaterThan(20);
    }
  });

  for (const template of agentTemplates()) {
    it(`${template.id}: passes validateGraph and runs to run-end on the offline model`, async () => {
      const validation = validateGraph(template.graph, defaultNodeRegistry);
      expect(validation.ok ? [] : validation.problems).toEqual([]);
      const context = createMemoryContext();
      const checkpoints = createMemoryCheckpoints();
      const input = { message: MESSAGES[template.id]!, history: [] };
      let events = await collect(runGraph({ graph: template.graph, input, context, checkpoints }));
      const waiting = events.at(-1);
      if (waiting?.type === 'run-waiting') {
        // A template that asks a person continues once approved.
        events = await collect(
          runGraph({
            graph: template.graph,
            input,
            context,
            checkpoints,
            resumeFrom: checkpoints.latest(waiting.runId),
            resumeWith: { requestId: waiting.request.id, choice: waiting.request.choices[0]!.id },
          }),
        );
      }
      const end = events.at(-1);
      expect(end?.type, JSON.stringify(end)).toBe('run-end');
      expect(end?.type === 'run-end' ? end.answer : '').toMatch(/\S/);
    });
  }

  it('sends questions and other messages down different branches of the router', async () => {
    const router = agentTemplates().find((template) => template.id === 'router')!;
    const ran = async (message: string) => {
      const events = await collect(
        runGraph({ graph: router.graph, input: { message }, context: createMemoryContext() }),
      );
      return events
        .filter((event) => event.type === 'node-end' && event.status === 'done')
        .map((event) => (event as { nodeId: string }).nodeId);
    };
    expect(await ran('Is it raining?')).toContain('answer-model');
    expect(await ran('Is it raining?')).not.toContain('chat-model');
    expect(await ran('Nice weather today.')).toContain('chat-model');
  });

  it('gives a blank agent a Chat Input and a Chat Output, still to be connected', () => {
    const validation = validateGraph(starterGraph(), defaultNodeRegistry);
    expect(starterGraph().nodes.map((node) => node.type)).toEqual(['chat-input', 'chat-output']);
    expect(validation.ok).toBe(false);
  });
});

for (const backend of testBackends()) {
  describe(`agents from templates on ${backend.name}`, () => {
    let database: DatabaseHandle;
    let runtime: Runtime;
    let actor: Actor;
    beforeAll(async () => {
      database = await backend.open();
      runtime = await testRuntime(database);
      actor = await createTestOwner(runtime);
    });
    afterAll(() => database.close());

    it('creates an agent whose draft is the template graph', async () => {
      const agent = await createAgentFromTemplate(runtime, actor, { templateId: 'translator' });
      expect(agent.name).toBe('Translator');
      const stored = await getAgent(runtime, actor.workspaceId, agent.id);
      expect((stored.draftGraph as { nodes: unknown[] }).nodes).toHaveLength(6);
      const named = await createAgentFromTemplate(runtime, actor, { templateId: 'router', name: 'Triage' });
      expect(named.name).toBe('Triage');
      await expect(createAgentFromTemplate(runtime, actor, { templateId: 'nope' })).rejects.toThrow(
        /no template "nope"/,
      );
    });
  });
}
