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
  return format?.type === 'json' ? format.schema : undefined;
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
