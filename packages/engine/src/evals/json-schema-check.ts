import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { jsonText, MAX_CHECKED_ANSWER_CHARS, type Of, quote, type Verdict } from './text-checks';

// The `jsonSchema` check, apart from the other text checks: Ajv and its three dialects are loaded (by
// check-expectations.ts) the first time a case has such an expectation, not by every process that loads
// the engine (a server that runs no evals, the CLI's chat).

const ajvOptions = { strict: false, allErrors: true } as const;
const validators = {
  draft7: new Ajv(ajvOptions),
  draft2019: new Ajv2019(ajvOptions),
  draft2020: new Ajv2020(ajvOptions),
};

/** The validator for the schema's `$schema` (draft-07 when it names none or another one). */
function validatorFor(schema: Record<string, unknown>): Ajv {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (dialect.includes('2020-12')) return validators.draft2020;
  if (dialect.includes('2019-09')) return validators.draft2019;
  return validators.draft7;
}

/** Compiles a case's schema; it is removed again at once so cases with the same `$id` do not clash. */
function compile(schema: Record<string, unknown>): { validate?: ValidateFunction; error?: string } {
  const ajv = validatorFor(schema);
  try {
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    ajv.removeSchema(schema);
  }
}

function describeErrors(errors: readonly ErrorObject[]): string {
  const shown = errors
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** `jsonSchema`: the answer (one ```json fence allowed) is JSON valid for the schema. */
export function checkJsonSchema(expectation: Of<'jsonSchema'>, answer: string): Verdict {
  const { validate, error } = compile(expectation.jsonSchema);
  if (!validate)
    return { passed: false, message: `The JSON Schema of this expectation does not compile: ${error}` };
  if (answer.length > MAX_CHECKED_ANSWER_CHARS) {
    return { passed: false, message: 'The answer is over 1 MB; it is not parsed as JSON.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(jsonText(answer));
  } catch (parseError) {
    return {
      passed: false,
      message: `The answer is not JSON (${(parseError as Error).message}): ${quote(answer, 80)}.`,
    };
  }
  if (validate(value)) return { passed: true, message: 'The answer is JSON valid for the schema.' };
  return {
    passed: false,
    message: `The answer's JSON does not match the schema: ${describeErrors(validate.errors ?? [])}.`,
  };
}
