import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import { ui } from './config-ui';

/** Longest JSON Schema accepted, as JSON text: it goes to the model with every call. */
export const MAX_OUTPUT_SCHEMA_CHARS = 20_000;

/** The schema a node starts with when its format is switched to JSON. */
export const DEFAULT_OUTPUT_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  properties: { answer: { type: 'string', description: 'The answer.' } },
  required: ['answer'],
  additionalProperties: false,
};

/**
 * A Model or Agent node's answer format: text, or an object that fits a JSON Schema. The browser-safe
 * half (config and ports); validation of answers is in `structured-output.ts`, which loads ajv lazily.
 */
export const outputFormatSchema = z
  .object({
    type: z.enum(['text', 'json']).default('text'),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Use 1 to 64 letters, digits, _ or -.')
      .default('answer')
      .describe('Name of the schema, sent to providers that ask for one.'),
    schema: z.record(z.string(), z.unknown()).optional().describe('JSON Schema of the answer object.'),
  })
  .superRefine((format, context) => {
    if (format.type !== 'json') return;
    const problem = outputSchemaProblem(format.schema);
    if (problem) context.addIssue({ code: 'custom', path: ['schema'], message: problem });
  })
  .default({ type: 'text', name: 'answer' })
  .describe('Text, or JSON that fits a schema: later nodes read its fields, e.g. {{answer.category}}.')
  .meta(ui({ outputFormat: true }));

/** A parsed output format. */
export type OutputFormat = z.infer<typeof outputFormatSchema>;

/** The JSON Schema of a structured format, or undefined for text. */
export function structuredSchema(format: OutputFormat | undefined): Record<string, unknown> | undefined {
  return format?.type === 'json' && format.schema ? orderedSchema(format.schema) : undefined;
}

/** Why a JSON Schema cannot describe a node's answer, or undefined when it can. */
export function outputSchemaProblem(schema: Record<string, unknown> | undefined): string | undefined {
  if (!schema) return 'Write the JSON Schema of the answer, or add fields.';
  if (schema.type !== 'object')
    return 'The answer must be an object: the schema needs "type": "object" at the top.';
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
    return 'The schema needs "properties": an object naming the answer’s fields.';
  if (Object.keys(properties).length === 0) return 'Add at least one field to the schema.';
  if (JSON.stringify(schema).length > MAX_OUTPUT_SCHEMA_CHARS)
    return `Keep the schema under ${MAX_OUTPUT_SCHEMA_CHARS} characters of JSON.`;
  return undefined;
}

/**
 * The node's answer port for its format: text, or (JSON) the same port id carrying the object, so edges
 * survive switching the format; an object reaching a text port arrives as JSON text.
 */
export function answerPort(port: PortSpec, format: OutputFormat | undefined): PortSpec {
  if (format?.type !== 'json') return port;
  return {
    ...port,
    type: 'json',
    label: 'Object',
    description: 'The answer as an object that fits the schema; read fields as {{name.field}}.',
  };
}

/**
 * The keyword that keeps the order of an object schema's properties. Graphs are stored as PostgreSQL
 * jsonb, which orders an object's keys by length, so `{ reasoning, category }` would come back as
 * `{ category, reasoning }` — and the order of a schema's fields is the order a model writes them in.
 */
export const PROPERTY_ORDER_KEY = 'x-order';

type SchemaNode = Record<string, unknown>;
const isSchema = (value: unknown): value is SchemaNode =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** The keywords under which JSON Schema nests more schemas (one, a list, or a map of them). */
const NESTED_ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];
const NESTED_LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const NESTED_MAP = ['properties', '$defs', 'definitions', 'patternProperties'];

function mapSchema(schema: SchemaNode, visit: (node: SchemaNode) => SchemaNode): SchemaNode {
  const copy: SchemaNode = { ...schema };
  for (const key of NESTED_ONE) if (isSchema(copy[key])) copy[key] = visit(copy[key]);
  for (const key of NESTED_LIST)
    if (Array.isArray(copy[key]))
      copy[key] = (copy[key] as unknown[]).map((item) => (isSchema(item) ? visit(item) : item));
  for (const key of NESTED_MAP)
    if (isSchema(copy[key]))
      copy[key] = Object.fromEntries(
        Object.entries(copy[key]).map(([name, item]) => [name, isSchema(item) ? visit(item) : item]),
      );
  return copy;
}

/** The schema with each object's property order written down (`x-order`), as it was written; before storing. */
export function withPropertyOrder(schema: SchemaNode): SchemaNode {
  const copy = mapSchema(schema, withPropertyOrder);
  if (isSchema(copy.properties) && !Array.isArray(copy[PROPERTY_ORDER_KEY]))
    copy[PROPERTY_ORDER_KEY] = Object.keys(copy.properties);
  return copy;
}

const ordered = new WeakMap<SchemaNode, SchemaNode>();

/** The schema with its properties back in their written order and the `x-order` keyword removed; memoised. */
export function orderedSchema(schema: SchemaNode): SchemaNode {
  const known = ordered.get(schema);
  if (known) return known;
  const copy = mapSchema(schema, orderedSchema);
  const order = copy[PROPERTY_ORDER_KEY];
  delete copy[PROPERTY_ORDER_KEY];
  if (Array.isArray(order) && isSchema(copy.properties)) {
    const properties = copy.properties;
    const names = [...order.filter((name): name is string => typeof name === 'string' && name in properties)];
    for (const name of Object.keys(properties)) if (!names.includes(name)) names.push(name);
    copy.properties = Object.fromEntries(names.map((name) => [name, properties[name]]));
  }
  ordered.set(schema, copy);
  return copy;
}
