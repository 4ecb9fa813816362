import type { ErrorObject, ValidateFunction } from 'ajv';
import { EngineError } from '../errors';
import type { NodeId } from '../format/ids';
import { jsonToText } from '../format/port-types';
import type { NodeEvent } from './node-definition';

/** How many of a reply's problems an error message quotes. */
const SHOWN_PROBLEMS = 3;

type Validators = { draft7: import('ajv').Ajv; draft2020: import('ajv').Ajv };
let validators: Promise<Validators> | undefined;

// ajv is loaded on first use: the canvas bundles the node definitions, and it never validates an answer.
function loadValidators(): Promise<Validators> {
  validators ??= Promise.all([import('ajv'), import('ajv/dist/2020.js')]).then(([draft7, draft2020]) => {
    const options = { strict: false, allErrors: true, logger: false } as const;
    return { draft7: new draft7.Ajv(options), draft2020: new draft2020.Ajv2020(options) };
  });
  return validators;
}

// Configs are parsed once per compiled graph, so the schema object is a stable cache key.
const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles a node's output schema (draft 2020-12 when it says so, else draft-07); a bad one fails the node. */
export async function outputValidator(
  schema: Record<string, unknown>,
  nodeId: NodeId,
): Promise<ValidateFunction> {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const ajv = await loadValidators();
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  const validator = dialect.includes('2020-12') ? ajv.draft2020 : ajv.draft7;
  try {
    // addSchema/compile keep schemas with an $id; a copy without it never clashes with another node's.
    const { $id: _id, ...anonymous } = schema;
    const validate = validator.compile(anonymous);
    compiled.set(schema, validate);
    return validate;
  } catch (error) {
    throw new EngineError(
      'invalid_parameter',
      `The output schema of this node is not a valid JSON Schema: ${(error as Error).message}`,
      { nodeId },
    );
  }
}

/** The JSON inside a reply: the whole text, or the inside of one ```json fence (some models add one). */
function jsonText(reply: string): string {
  const fenced = /^\s*```(?:json)?[ \t]*\n([\s\S]*?)\n?```\s*$/i.exec(reply);
  return (fenced?.[1] ?? reply).trim();
}

function quote(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > length ? `${flat.slice(0, length)}…` : flat}"`;
}

/** "/category must be equal to one of the allowed values (refund, question)". */
function describeProblem(error: ErrorObject): string {
  const where = error.instancePath || 'the answer';
  const allowed =
    error.keyword === 'enum' ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}`;
}

/** Why a value does not fit, naming the first problems, or undefined when it fits. */
export function schemaProblems(validate: ValidateFunction, value: unknown): string | undefined {
  if (validate(value)) return undefined;
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, SHOWN_PROBLEMS).map(describeProblem);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Parses a model's structured reply and checks it against the node's schema. A reply that is not JSON, not
 * an object or does not fit fails the node with `structured_output_mismatch`, quoting the first problems.
 */
export async function parseStructuredReply(
  reply: string,
  schema: Record<string, unknown>,
  nodeId: NodeId,
): Promise<Record<string, unknown>> {
  const validate = await outputValidator(schema, nodeId);
  let value: unknown;
  try {
    value = JSON.parse(jsonText(reply));
  } catch (error) {
    throw new EngineError(
      'structured_output_mismatch',
      `The model was asked for JSON but its answer is not JSON (${(error as Error).message}): ${quote(reply, 120)}.`,
      { nodeId },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EngineError(
      'structured_output_mismatch',
      `The model was asked for a JSON object but answered ${quote(reply, 120)}.`,
      { nodeId },
    );
  }
  const problems = schemaProblems(validate, value);
  if (problems) {
    throw new EngineError(
      'structured_output_mismatch',
      `The model's JSON does not fit the output schema: ${problems}. It answered ${quote(reply, 160)}.`,
      { nodeId },
    );
  }
  return value as Record<string, unknown>;
}

/**
 * A node's structured answer: the reply checked against the schema, then reported as one text delta of
 * indented JSON, the same text an object turns into on a text port (so the streamed answer and the run's
 * answer agree).
 */
export async function* structuredAnswer(
  reply: string,
  schema: Record<string, unknown>,
  nodeId: NodeId,
): AsyncGenerator<NodeEvent, { value: Record<string, unknown>; text: string }, void> {
  const value = await parseStructuredReply(reply, schema, nodeId);
  const text = jsonToText(value);
  yield { type: 'text-delta', text };
  return { value, text };
}
