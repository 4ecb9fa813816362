/**
 * `{{ name }}` placeholders: letters, digits, _ and -, starting with a letter or _; `{{ name.field.0 }}`
 * reads a field of a JSON object arriving on `name` (a structured answer).
 */
const VARIABLE = /\{\{\s*([A-Za-z_][\w-]{0,63})((?:\.[\w-]{1,64}){0,8})\s*\}\}/g;

/** One placeholder: the input it reads and, for `{{name.a.b}}`, the field path inside its JSON. */
export interface TemplateVariable {
  variable: string;
  path?: readonly string[];
}

/** A template split once into literal text and variables, so rendering is a join. */
export type CompiledTemplate = readonly (string | TemplateVariable)[];

/** Splits a template into parts. */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: (string | TemplateVariable)[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    const path = match[2] ? match[2].slice(1).split('.') : undefined;
    parts.push(path ? { variable: match[1]!, path } : { variable: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** The variable names (inputs) of templates, in order of first use, without duplicates. */
export function templateVariables(...templates: CompiledTemplate[]): string[] {
  const names = new Set<string>();
  for (const template of templates)
    for (const part of template) if (typeof part !== 'string') names.add(part.variable);
  return [...names];
}

/** The JSON an input carries (an object arrives on a text port as JSON text), or undefined. */
export function parseJsonValue(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}

/** The value at a field path (`["customer", "name"]`, array items by index), or undefined. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A field's value as template text: strings as they are, other values as JSON, missing as ''. */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Fills the variables; a missing value (or field) renders as an empty string. */
export function renderTemplate(
  template: CompiledTemplate,
  values: (name: string) => string | undefined,
): string {
  let text = '';
  let parsed: Map<string, unknown> | undefined;
  for (const part of template) {
    if (typeof part === 'string') text += part;
    else if (!part.path) text += values(part.variable) ?? '';
    else {
      // Each input is parsed once per render, however many of its fields the template reads.
      parsed ??= new Map();
      if (!parsed.has(part.variable)) parsed.set(part.variable, parseJsonValue(values(part.variable)));
      text += fieldText(readPath(parsed.get(part.variable), part.path));
    }
  }
  return text;
}
