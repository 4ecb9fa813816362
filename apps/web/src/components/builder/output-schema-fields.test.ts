import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, fieldsProblem, type OutputField, schemaFromFields } from './output-schema-fields';

const fields: OutputField[] = [
  {
    name: 'category',
    type: 'enum',
    description: 'What it is about',
    required: true,
    options: ['question', 'refund'],
  },
  { name: 'score', type: 'integer', description: '', required: false, options: [] },
  { name: 'tags', type: 'string-array', description: '', required: true, options: [] },
];

describe('output schema fields', () => {
  it('builds a strict object schema from fields and reads the same fields back', () => {
    const schema = schemaFromFields(fields);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        category: { type: 'string', enum: ['question', 'refund'], description: 'What it is about' },
        score: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['category', 'tags'],
      additionalProperties: false,
    });
    expect(fieldsFromSchema(schema)).toEqual(fields);
  });

  it('leaves schemas that use more than the builder has to the JSON editor', () => {
    expect(
      fieldsFromSchema({ type: 'object', properties: { a: { type: 'object', properties: {} } } }),
    ).toBeUndefined();
    expect(
      fieldsFromSchema({ type: 'object', properties: { a: { type: 'string', maxLength: 3 } } }),
    ).toBeUndefined();
    expect(fieldsFromSchema({ type: 'object', $defs: {}, properties: {} })).toBeUndefined();
    expect(fieldsFromSchema({ type: 'array' })).toBeUndefined();
  });

  it('names what is wrong with a field list', () => {
    expect(fieldsProblem([])).toMatch(/at least one/);
    expect(fieldsProblem([{ ...fields[1]!, name: '1x' }])).toMatch(/Field 1: name it/);
    expect(fieldsProblem([fields[1]!, fields[1]!])).toMatch(/"score" appears twice/);
    expect(fieldsProblem([{ ...fields[0]!, options: [] }])).toMatch(/"category": list the values/);
    expect(fieldsProblem(fields)).toBeUndefined();
  });
});
