/** `{{ name }}` placeholders: letters, digits, _ and -, starting with a letter or _. */
const VARIABLE = /\{\{\s*([A-Za-z_][\w-]{0,63})\s*\}\}/g;

/** A template split once into literal text and variable names, so rendering is a join. */
export type CompiledTemplate = readonly (string | { variable: string })[];

/** Splits a template into parts. */
export function compileTemplate(template: string): CompiledTemplate {
  const parts: (string | { variable: string })[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    if (match.index > last) parts.push(template.slice(last, match.index));
    parts.push({ variable: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

/** The variable names of templates, in order of first use, without duplicates. */
export function templateVariables(...templates: CompiledTemplate[]): string[] {
  const names = new Set<string>();
  for (const template of templates)
    for (const part of template) if (typeof part !== 'string') names.add(part.variable);
  return [...names];
}

/** Fills the variables; a missing value renders as an empty string. */
export function renderTemplate(
  template: CompiledTemplate,
  values: (name: string) => string | undefined,
): string {
  let text = '';
  for (const part of template) text += typeof part === 'string' ? part : (values(part.variable) ?? '');
  return text;
}
