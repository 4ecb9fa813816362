import { describe, expect, it } from 'vitest';
import { scriptedModel, textParts } from '../testing/mock-model';
import { drainNode, modelResource, nodeContext } from '../testing/run-helpers';
import { conditionNode } from './condition';
import { matchesRule, regexProblem } from './condition-rules';
import { NodeInputs } from './node-inputs';

const rules = conditionNode.config.parse({
  branches: [
    { id: 'exact', operator: 'equals', value: 'Yes' },
    { id: 'order', operator: 'regex', value: '^order #\\d{3,}$' },
    { id: 'refund', operator: 'contains', value: 'REFUND' },
    { id: 'hello', operator: 'starts_with', value: 'hello', caseSensitive: true },
  ],
});

const route = (text: string) => conditionNode.run(new NodeInputs({ text }), nodeContext(rules));

describe('Condition', () => {
  it('has one output per branch plus else, and needs a model only to classify', () => {
    expect(conditionNode.outputs(rules).map((port) => port.id)).toEqual([
      'exact',
      'order',
      'refund',
      'hello',
      'else',
    ]);
    expect(conditionNode.inputs(rules).map((port) => port.id)).toEqual(['text']);
    const classify = conditionNode.config.parse({ mode: 'classify', branches: [{ id: 'a' }] });
    expect(conditionNode.inputs(classify).map((port) => port.id)).toEqual(['text', 'model']);
  });

  it('takes the first matching branch and outputs only that port', () => {
    expect(route(' yes ')).toEqual({ exact: ' yes ' });
    expect(route('Order #1234')).toEqual({ order: 'Order #1234' });
    expect(route('I want a refund')).toEqual({ refund: 'I want a refund' });
    expect(route('hello there')).toEqual({ hello: 'hello there' });
    expect(route('Hello there')).toEqual({ else: 'Hello there' });
  });

  it('refuses regexes that could backtrack forever, and bad branch lists', () => {
    expect(regexProblem('(a+)+$')).toMatch(/Nested repetition/);
    expect(regexProblem('(\\w)\\1')).toMatch(/Back-references/);
    expect(regexProblem('x'.repeat(201))).toMatch(/200 characters/);
    expect(regexProblem('[unclosed')).toMatch(/Not a valid/);
    const parsed = conditionNode.config.safeParse({
      branches: [
        { id: 'a', operator: 'regex', value: '(x*)*' },
        { id: 'a', operator: 'contains', value: 'b' },
        { id: 'else' },
      ],
    });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'branches.0.value',
      'branches.2.id',
      'branches.1.id',
    ]);
  });

  it('only tests the first 10,000 characters against a regex', () => {
    const rule = { operator: 'regex' as const, value: 'needle', caseSensitive: false };
    expect(matchesRule(`${'x'.repeat(10_000)}needle`, rule)).toBe(false);
    expect(matchesRule(`${'x'.repeat(9_000)}needle`, rule)).toBe(true);
  });

  it('can let a model classify, reporting usage but never the classification text', async () => {
    const config = conditionNode.config.parse({
      mode: 'classify',
      branches: [
        { id: 'billing', description: 'Invoices and payments' },
        { id: 'support', description: 'Something is broken' },
      ],
    });
    const model = scriptedModel(textParts(['Billing.']));
    const inputs = new NodeInputs({ text: 'Where is my invoice?', model: modelResource(model) });
    const { outputs, events } = await drainNode(conditionNode.run(inputs, nodeContext(config)));
    expect(outputs).toEqual({ billing: 'Where is my invoice?' });
    expect(events.map((event) => event.type)).toEqual(['usage']);
    expect(model.doStreamCalls[0]).toMatchObject({ temperature: 0 });
    expect(JSON.stringify(model.doStreamCalls[0]?.prompt)).toContain('billing: Invoices and payments');

    const unsure = scriptedModel(textParts(['no idea']));
    const fallback = await drainNode(
      conditionNode.run(new NodeInputs({ text: 'hm', model: modelResource(unsure) }), nodeContext(config)),
    );
    expect(fallback.outputs).toEqual({ else: 'hm' });
  });
});
