import { jsonSchema, Output, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../format/ids';
import { parseStructuredReply } from '../../nodes/structured-output';
import { createOfflineModel } from './offline-model';
import { offlineStructuredAnswer, pickOption } from './offline-structured';

const SCHEMA = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['billing', 'refund request', 'other'] },
    quote: { type: 'string', maxLength: 40 },
    score: { type: 'number', minimum: 1, maximum: 5 },
    count: { type: 'integer', exclusiveMinimum: 0 },
    urgent: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
    when: { type: 'string', format: 'date' },
    customer: { $ref: '#/$defs/customer' },
    note: { anyOf: [{ type: 'null' }, { type: 'string' }] },
  },
  required: ['category', 'quote', 'score', 'count', 'urgent', 'tags', 'when', 'customer', 'note'],
  additionalProperties: false,
  $defs: { customer: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
};

describe('the offline model answering a structured request', () => {
  it('fills every field with a placeholder that fits, drawn from the input', async () => {
    const text = offlineStructuredAnswer(SCHEMA, 'Please process my REFUND request now, the kettle broke');
    const value = await parseStructuredReply(text, SCHEMA, nodeId('n'));
    expect(value).toMatchObject({
      category: 'refund request',
      score: 1,
      count: 1,
      urgent: false,
      when: '1970-01-01',
      note: expect.stringMatching(/^\[Offline model\] "Please process/),
    });
    expect(value.quote).toHaveLength(40);
    expect(value.tags).toHaveLength(2);
    expect((value.customer as { name: string }).name).toMatch(/^\[Offline model\] /);
  });

  it('picks the first option when no option’s words appear in the input', () => {
    expect(pickOption(['question', 'refund'], 'How do I reset my password?')).toBe('question');
    expect(pickOption(['question', 'refund'], 'I want a refund')).toBe('refund');
  });

  it('answers JSON through the AI SDK when asked for an object, and text otherwise', async () => {
    const schema = { type: 'object', properties: { category: { enum: ['question', 'refund'] } } };
    const structured = streamText({
      model: createOfflineModel(),
      prompt: 'I want a refund',
      output: Output.object({ schema: jsonSchema(schema) }),
    });
    expect(await structured.output).toEqual({ category: 'refund' });
    const plain = streamText({ model: createOfflineModel(), prompt: 'I want a refund' });
    expect(await plain.text).toMatch(/^\[Offline model\]/);
    expect(JSON.parse(offlineStructuredAnswer(undefined, 'hi'))).toEqual({ answer: '[Offline model] "hi"' });
  });

  it('says what came with the message in its strings, so files show in structured answers too', () => {
    const answer = JSON.parse(
      offlineStructuredAnswer(
        { type: 'object', properties: { reason: { type: 'string' } } },
        'Is this broken?',
        'I received 1 image (kettle.png, image/png, 12 KB).',
      ),
    );
    expect(answer.reason).toBe(
      '[Offline model] "Is this broken?" I received 1 image (kettle.png, image/png, 12 KB).',
    );
  });
});
