import { OFFLINE_LABEL } from './offline-reply';

type Schema = Record<string, unknown>;

/** How much of the input a placeholder string quotes. */
const QUOTED_CHARACTERS = 60;
/** Deepest nesting (and $ref hops) a placeholder follows; deeper parts get the simplest value. */
const MAX_DEPTH = 8;

/**
 * The offline model's answer to a structured request: JSON that fits the schema, with placeholder values
 * drawn from the input. An enum takes the option whose words appear in the input (else the first),
 * strings quote the input briefly after the offline label, numbers are 0 (or their minimum), booleans false.
 * Without a schema (`json_object`) it is `{ "answer": "<label> <quote>" }`.
 */
export function offlineStructuredAnswer(schema: Schema | undefined, input: string, received = ''): string {
  const root = schema ?? { type: 'object', properties: { answer: { type: 'string' } } };
  return JSON.stringify(placeholder(root, { input, received, root, depth: 0 }));
}

interface Walk {
  input: string;
  /** What came with the message ("I received 1 image (…)."), added to strings so files show offline too. */
  received: string;
  root: Schema;
  depth: number;
}

function placeholder(schema: Schema, walk: Walk): unknown {
  if (walk.depth > MAX_DEPTH) return null;
  const deeper = { ...walk, depth: walk.depth + 1 };
  const resolved = resolveReference(schema, walk.root);
  if (resolved) return placeholder(resolved, deeper);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return pickOption(schema.enum, walk.input);
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) {
    const concrete = choices.find((choice) => choice.type !== 'null') ?? choices[0]!;
    return placeholder(concrete, deeper);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0)
    return placeholder(Object.assign({}, ...(schema.allOf as Schema[])), deeper);
  switch (typeOf(schema)) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) value[name] = placeholder(property, deeper);
      return value;
    }
    case 'array': {
      const items = (schema.items ?? { type: 'string' }) as Schema;
      const count = Math.max(1, Number(schema.minItems ?? 1));
      const limit = typeof schema.maxItems === 'number' ? schema.maxItems : count;
      return Array.from({ length: Math.min(count, limit) }, () => placeholder(items, deeper));
    }
    case 'number':
    case 'integer':
      return placeholderNumber(schema);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return placeholderString(schema, walk.input, walk.received);
  }
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (Array.isArray(type)) return type.find((item) => item !== 'null') ?? 'null';
  if (typeof type === 'string') return type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

/** `#/$defs/name` or `#/definitions/name` inside the same schema. */
function resolveReference(schema: Schema, root: Schema): Schema | undefined {
  const reference = schema.$ref;
  if (typeof reference !== 'string' || !reference.startsWith('#')) return undefined;
  let target: unknown = root;
  for (const segment of reference.slice(1).split('/').filter(Boolean))
    target = (target as Record<string, unknown> | undefined)?.[decodeURIComponent(segment)];
  return typeof target === 'object' && target !== null ? (target as Schema) : undefined;
}

/** The option most of whose words appear in the input; the first one when none does. */
export function pickOption(options: readonly unknown[], input: string): unknown {
  const text = input.toLowerCase();
  let best = options[0];
  let bestScore = 0;
  for (const option of options) {
    const words = String(option)
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 1);
    const score = words.filter((word) => text.includes(word)).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

function placeholderNumber(schema: Schema): number {
  const integer = typeOf(schema) === 'integer';
  let value = 0;
  if (typeof schema.minimum === 'number' && value < schema.minimum) value = schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    value = schema.exclusiveMinimum + (integer ? 1 : 0.5);
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - (integer ? 1 : 0.5);
  return integer ? Math.ceil(value) : value;
}

const FORMATTED: Readonly<Record<string, string>> = {
  'date-time': '1970-01-01T00:00:00Z',
  date: '1970-01-01',
  time: '00:00:00Z',
  email: 'offline@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

function placeholderString(schema: Schema, input: string, received: string): string {
  const formatted = typeof schema.format === 'string' ? FORMATTED[schema.format] : undefined;
  if (formatted) return formatted;
  const flat = input.replace(/\s+/g, ' ').trim();
  const quoted = flat.length > QUOTED_CHARACTERS ? `${flat.slice(0, QUOTED_CHARACTERS)}…` : flat;
  let text = `${OFFLINE_LABEL} ${JSON.stringify(quoted)}${received ? ` ${received}` : ''}`;
  if (typeof schema.maxLength === 'number') text = text.slice(0, schema.maxLength);
  if (typeof schema.minLength === 'number') text = text.padEnd(schema.minLength, '.');
  return text;
}
