import { describe, expect, it } from 'vitest';
import { orderedSchema, PROPERTY_ORDER_KEY, withPropertyOrder } from './output-format';

/** What PostgreSQL's jsonb does to an object's keys: shorter first, then bytewise. */
function asJsonb(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asJsonb);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, asJsonb((value as Record<string, unknown>)[key])]));
}

const written = {
  type: 'object',
  properties: {
    reasoning: { type: 'string' },
    category: { type: 'string', enum: ['refund', 'question'] },
    items: {
      type: 'array',
      items: { type: 'object', properties: { quantity: { type: 'integer' }, sku: { type: 'string' } } },
    },
  },
  required: ['reasoning', 'category'],
};

describe('the order of an output schema’s fields', () => {
  it('survives being stored as jsonb, at every level, and the keyword does not reach the model', () => {
    const stored = asJsonb(withPropertyOrder(written)) as Record<string, unknown>;
    expect(Object.keys(stored.properties as object)).toEqual(['items', 'category', 'reasoning']);
    const back = orderedSchema(stored);
    expect(back).toEqual(written);
    expect(Object.keys(back.properties as object)).toEqual(['reasoning', 'category', 'items']);
    const nested = (back.properties as Record<string, { items: { properties: object } }>).items!.items;
    expect(Object.keys(nested.properties)).toEqual(['quantity', 'sku']);
    expect(JSON.stringify(back)).not.toContain(PROPERTY_ORDER_KEY);
  });

  it('keeps a written order, adds fields it does not name after it, and is memoised per schema', () => {
    const schema = {
      type: 'object',
      properties: { b: { type: 'string' }, a: { type: 'string' }, c: { type: 'string' } },
      [PROPERTY_ORDER_KEY]: ['c', 'gone', 'b'],
    };
    expect(Object.keys(orderedSchema(schema).properties as object)).toEqual(['c', 'b', 'a']);
    expect(orderedSchema(schema)).toBe(orderedSchema(schema));
    expect(withPropertyOrder(schema)[PROPERTY_ORDER_KEY]).toEqual(['c', 'gone', 'b']);
  });
});
