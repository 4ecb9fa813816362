import { orderedSchema } from '@agentry/engine/graph';
// The field builder's model of an output schema: a flat list of named fields, converted to and from the
// JSON Schema the node stores. Framework-free so it is tested without a browser.

/** The field types the builder offers. */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'enum', 'string-array'] as const;
/** One of the builder's field types. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** Labels of the field types in the type select (English; the page's are in `outputFormat.types`). */
export const FIELD_TYPE_LABELS: Readonly<Record<FieldType, string>> = {
  string: 'Text',
  number: 'Number',
  integer: 'Whole number',
  boolean: 'Yes/no',
  enum: 'One of…',
  'string-array': 'List of texts',
};

/** One field of the answer object. */
export interface OutputField {
  name: string;
  type: FieldType;
  description: string;
  required: boolean;
  /** For `enum`: the allowed values. */
  options: string[];
}

type Schema = Record<string, unknown>;

/** A field's JSON Schema. */
function propertySchema(field: OutputField): Schema {
  const description = field.description.trim() ? { description: field.description.trim() } : {};
  switch (field.type) {
    case 'enum':
      return { type: 'string', enum: field.options, ...description };
    case 'string-array':
      return { type: 'array', items: { type: 'string' }, ...description };
    default:
      return { type: field.type, ...description };
  }
}

/** The JSON Schema of a list of fields: an object with exactly these fields. */
export function schemaFromFields(fields: readonly OutputField[]): Schema {
  const properties: Schema = {};
  for (const field of fields) properties[field.name] = propertySchema(field);
  return {
    type: 'object',
    properties,
    required: fields.filter((field) => field.required).map((field) => field.name),
    additionalProperties: false,
  };
}

const SIMPLE = new Set(['string', 'number', 'integer', 'boolean']);
const BUILDER_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties']);

function fieldType(property: Schema): { type: FieldType; options: string[] } | undefined {
  const allowed = new Set(['type', 'description', 'enum', 'items']);
  if (Object.keys(property).some((key) => !allowed.has(key))) return undefined;
  if (Array.isArray(property.enum)) {
    if (property.type !== 'string' && property.type !== undefined) return undefined;
    if (!property.enum.every((option) => typeof option === 'string')) return undefined;
    return { type: 'enum', options: property.enum as string[] };
  }
  if (property.type === 'array') {
    const items = property.items as Schema | undefined;
    if (items?.type !== 'string' || Object.keys(items).length !== 1) return undefined;
    return { type: 'string-array', options: [] };
  }
  if (typeof property.type === 'string' && SIMPLE.has(property.type) && property.items === undefined)
    return { type: property.type as FieldType, options: [] };
  return undefined;
}

/**
 * The fields of a schema the builder can show, or undefined when it uses more of JSON Schema than the
 * builder has (nested objects, formats, limits): then it is edited as JSON only, never simplified.
 */
export function fieldsFromSchema(schema: unknown): OutputField[] | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  // A stored schema carries its field order (x-order): the fields come back as they were written.
  const object = orderedSchema(schema as Schema) as Schema;
  if (object.type !== 'object' || Object.keys(object).some((key) => !BUILDER_KEYS.has(key))) return undefined;
  if (object.additionalProperties !== undefined && object.additionalProperties !== false) return undefined;
  const properties = object.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return undefined;
  const required = Array.isArray(object.required) ? (object.required as unknown[]) : [];
  const fields: OutputField[] = [];
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof property !== 'object' || property === null) return undefined;
    const kind = fieldType(property as Schema);
    if (!kind) return undefined;
    const description = (property as Schema).description;
    fields.push({
      name,
      ...kind,
      description: typeof description === 'string' ? description : '',
      required: required.includes(name),
    });
  }
  return fields;
}

/** Why a list of fields cannot be saved, as data (the form words it). */
export type FieldsProblem =
  | { kind: 'empty' }
  | { kind: 'bad-name'; number: number }
  | { kind: 'twice'; name: string }
  | { kind: 'no-values'; name: string };

/** Why a list of fields cannot be saved (names missing or twice, an enum without options), or undefined. */
export function fieldsProblemOf(fields: readonly OutputField[]): FieldsProblem | undefined {
  if (fields.length === 0) return { kind: 'empty' };
  const seen = new Set<string>();
  for (const [index, field] of fields.entries()) {
    const name = field.name.trim();
    if (!/^[A-Za-z_][\w-]{0,63}$/.test(name)) return { kind: 'bad-name', number: index + 1 };
    if (seen.has(name)) return { kind: 'twice', name };
    seen.add(name);
    if (field.type === 'enum' && field.options.length === 0) return { kind: 'no-values', name };
  }
  return undefined;
}

/** `fieldsProblemOf` in English. */
export function fieldsProblem(fields: readonly OutputField[]): string | undefined {
  const problem = fieldsProblemOf(fields);
  if (!problem) return undefined;
  switch (problem.kind) {
    case 'empty':
      return 'Add at least one field.';
    case 'bad-name':
      return `Field ${problem.number}: name it with letters, digits, _ or - (starting with a letter or _).`;
    case 'twice':
      return `Field "${problem.name}" appears twice.`;
    case 'no-values':
      return `Field "${problem.name}": list the values it may take.`;
  }
}
