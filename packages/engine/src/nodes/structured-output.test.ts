import { describe, expect, it } from 'vitest';
import { nodeId } from '../format/ids';
import { createMemoryContext } from '../runtime/in-memory';
import { scriptedModel, textModel, textParts, toolCallParts } from '../testing/mock-model';
import { edge, node } from '../testing/graph-builders';
import { mockContext, nodeContext, runToEnd } from '../testing/run-helpers';
import { validateGraph } from '../plan/validate-graph';
import { agentNode } from './agent';
import { conditionNode } from './condition';
import { modelNode } from './model';
import { NodeInputs } from './node-inputs';
import { defaultNodeRegistry } from './index';
import { compileTemplate, renderTemplate } from './prompt-template';
import { parseStructuredReply } from './structured-output';

const CATEGORY_SCHEMA = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['question', 'refund'] },
    summary: { type: 'string' },
  },
  required: ['category', 'summary'],
  additionalProperties: false,
};

const json = (schema: Record<string, unknown> = CATEGORY_SCHEMA) => ({
  type: 'json',
  name: 'triage',
  schema,
});

/** Chat Input → Prompt → Model (JSON) → Condition on `category` → one Prompt → Chat Output per branch. */
function triageGraph(model: Record<string, unknown>) {
  return {
    version: 1,
    nodes: [
      node('in', 'chat-input'),
      node('ask', 'prompt', { template: '{{message}}' }),
      node('triage', 'model', { ...model, output: json() }),
      node('route', 'condition', {
        branches: [{ id: 'refund', field: 'category', operator: 'equals', value: 'refund' }],
      }),
      node('refund-reply', 'prompt', { template: 'Refund desk: {{answer.summary}} ({{answer.category}})' }),
      node('other-reply', 'prompt', { template: 'Help desk: {{answer.category}}' }),
      node('out', 'chat-output'),
    ],
    edges: [
      edge('in', 'message', 'ask', 'message'),
      edge('ask', 'prompt', 'triage', 'prompt'),
      edge('triage', 'text', 'route', 'text'),
      edge('route', 'refund', 'refund-reply', 'answer'),
      edge('route', 'else', 'other-reply', 'answer'),
      edge('refund-reply', 'text', 'out', 'text'),
      edge('other-reply', 'text', 'out', 'text'),
    ],
  };
}

describe('structured output', () => {
  it('gives the Model node an object port in JSON mode and keeps the text port otherwise', () => {
    const text = modelNode.config.parse({});
    const structured = modelNode.config.parse({ output: json() });
    expect(modelNode.outputs(text)[0]).toMatchObject({ id: 'text', type: 'text' });
    expect(modelNode.outputs(structured)[0]).toMatchObject({ id: 'text', type: 'json', label: 'Object' });
  });

  it('refuses a JSON format without an object schema, naming the field', () => {
    const noSchema = modelNode.config.safeParse({ output: { type: 'json' } });
    expect(noSchema.success).toBe(false);
    expect(noSchema.error?.issues[0]).toMatchObject({ path: ['output', 'schema'] });
    const notObject = modelNode.config.safeParse({ output: json({ type: 'string' }) });
    expect(notObject.error?.issues[0]?.message).toMatch(/"type": "object"/);
    const autonomous = agentNode.config.parse({ mode: 'autonomous', output: json() });
    expect(agentNode.validate?.(autonomous, { inputs: new Set(), outputs: new Set() })).toEqual([
      expect.objectContaining({ code: 'invalid_config', path: ['output'] }),
    ]);
  });

  it('routes on a field on the offline model: the enum follows the words of the input', async () => {
    const context = createMemoryContext();
    const refund = await runToEnd(triageGraph({ provider: 'offline' }), context, 'I want a refund please');
    expect(refund.status).toBe('done');
    expect(refund.answer).toBe('Refund desk: [Offline model] "I want a refund please" (refund)');
    const skipped = refund.events.find(
      (event) => event.type === 'node-end' && event.nodeId === 'other-reply',
    );
    expect(skipped).toMatchObject({ status: 'skipped' });

    const question = await runToEnd(triageGraph({ provider: 'offline' }), context, 'How do I reset it?');
    expect(question.answer).toBe('Help desk: question');
  });

  it('asks the model for the schema, validates the reply and shows it as indented JSON', async () => {
    const model = textModel('{"category":"refund","summary":"Broken kettle"}');
    const graph = triageGraph({ model: 'mock' });
    graph.edges.push(edge('triage', 'text', 'out', 'text'));
    const run = await runToEnd(graph, mockContext({ mock: model }));
    expect(run.status).toBe('done');
    const call = model.doStreamCalls[0]!;
    expect(call.responseFormat).toEqual({ type: 'json', schema: CATEGORY_SCHEMA, name: 'triage' });
    const shown = run.events
      .filter((event) => event.type === 'node-delta' && event.nodeId === 'triage')
      .map((event) => (event as { delta: string }).delta);
    expect(shown).toEqual(['{\n  "category": "refund",\n  "summary": "Broken kettle"\n}']);
    expect(run.answer).toContain('Refund desk: Broken kettle (refund)');
    expect(run.answer).toContain('"summary": "Broken kettle"');
  });

  it('fails the node with the first problems when the reply does not fit', async () => {
    const model = textModel('{"category":"complaint"}');
    const run = await runToEnd(triageGraph({ model: 'mock' }), mockContext({ mock: model }));
    expect(run.status).toBe('failed');
    const failure = run.events.find((event) => event.type === 'run-error');
    expect(failure).toMatchObject({ code: 'structured_output_mismatch', nodeId: 'triage' });
    const message = (failure as { message: string }).message;
    expect(message).toContain('/category must be equal to one of the allowed values (question, refund)');
    expect(message).toContain("must have required property 'summary'");
    expect(message).toContain('{"category":"complaint"}');
    const streamed = run.events.filter((event) => event.type === 'node-delta' && event.nodeId === 'triage');
    expect(streamed).toEqual([]);
  });

  it('says when the reply is not JSON at all, and accepts one ```json fence', async () => {
    const node = nodeId('n');
    await expect(parseStructuredReply('Sure! It is a refund.', CATEGORY_SCHEMA, node)).rejects.toThrow(
      /asked for JSON but its answer is not JSON .*"Sure! It is a refund\."/,
    );
    await expect(parseStructuredReply('[1]', CATEGORY_SCHEMA, node)).rejects.toThrow(/a JSON object/);
    const fenced = '```json\n{"category":"question","summary":"s"}\n```';
    await expect(parseStructuredReply(fenced, CATEGORY_SCHEMA, node)).resolves.toEqual({
      category: 'question',
      summary: 's',
    });
    await expect(
      parseStructuredReply('{}', { type: 'object', properties: { a: { type: 'nope' } } }, node),
    ).rejects.toThrow(/not a valid JSON Schema/);
  });

  it('lets an Agent answer with JSON after its tool calls: only the last step is the answer', async () => {
    const model = scriptedModel(
      [
        { type: 'text-start', id: 't0' },
        { type: 'text-delta', id: 't0', delta: 'Checking.' },
        { type: 'text-end', id: 't0' },
        ...toolCallParts('c1', 'calculator', { expression: '6*7' }),
      ],
      textParts(['{"category":"question",', '"summary":"42"}']),
    );
    const graph = {
      version: 1,
      nodes: [
        node('in', 'chat-input'),
        node('llm', 'model', { model: 'mock' }),
        node('calc', 'calculator-tool'),
        node('agent', 'agent', { output: json() }),
        node('out', 'chat-output'),
      ],
      edges: [
        edge('in', 'message', 'agent', 'prompt'),
        edge('llm', 'model', 'agent', 'model'),
        edge('calc', 'tool', 'agent', 'tools'),
        edge('agent', 'text', 'out', 'text'),
      ],
    };
    const run = await runToEnd(graph, mockContext({ mock: model }), 'What is 6*7?');
    expect(run.status).toBe('done');
    expect(JSON.parse(run.answer)).toEqual({ category: 'question', summary: '42' });
    expect(model.doStreamCalls.every((call) => call.responseFormat?.type === 'json')).toBe(true);
  });

  it('renders fields in templates and routes Condition rules on them', () => {
    const template = compileTemplate(
      '{{answer.category}} / {{answer.items.1}} / {{answer.meta}} / {{answer.none}} / {{answer}}',
    );
    const value = JSON.stringify({ category: 'refund', items: ['a', 'b'], meta: { n: 1 } });
    expect(renderTemplate(template, () => value)).toBe(`refund / b / {"n":1} /  / ${value}`);
    expect(renderTemplate(compileTemplate('{{answer.category}}'), () => 'not json')).toBe('');

    const config = conditionNode.config.parse({
      branches: [
        { id: 'vip', field: 'customer.tier', operator: 'equals', value: 'gold' },
        { id: 'text', operator: 'contains', value: 'gold' },
      ],
    });
    const route = (text: string) => conditionNode.run(new NodeInputs({ text }), nodeContext(config));
    expect(route('{"customer":{"tier":"Gold"}}')).toEqual({ vip: '{"customer":{"tier":"Gold"}}' });
    expect(route('{"customer":{"tier":"silver"},"note":"gold"}')).toMatchObject({ text: expect.any(String) });
    expect(route('plain gold text')).toEqual({ text: 'plain gold text' });
    expect(route('nothing')).toEqual({ else: 'nothing' });
    expect(conditionNode.config.safeParse({ branches: [{ id: 'a', field: 'a..b' }] }).success).toBe(false);
  });

  it('validates a graph whose JSON answer feeds a text port, a prompt and a condition', () => {
    const result = validateGraph(triageGraph({ provider: 'offline' }), defaultNodeRegistry);
    expect(result.problems).toEqual([]);
  });
});
