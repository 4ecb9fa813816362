import type { ConfigUiHints } from '@agentry/engine/graph';

/** The part of JSON Schema that node config schemas use (zod's output), plus Agentry's `ui` hints. */
export interface FieldSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  ui?: ConfigUiHints;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: FieldSchema | boolean;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** A stored credential as the browser sees it: never the secret. */
export interface CredentialOption {
  id: string;
  name: string;
  provider: string;
  maskedKey: string | null;
  /** Hosts the HTTP Request tool may send the key to (none: it never sends it). */
  allowedHosts?: string[];
}

/** What fields need from around the form. */
export interface FieldContext {
  credentials: readonly CredentialOption[] | undefined;
  /** The node's type, to say its fields in the page's language (the catalog's `nodes.<type>.fields`). */
  nodeType?: string;
  /** The node's provider setting, to offer only matching credentials. */
  provider?: string;
  disabled: boolean;
  /** The node's whole config as the form holds it now, for fields that depend on others. */
  config?: Readonly<Record<string, unknown>>;
  /** The schemas of the node's top-level fields (what else the form has). */
  fields?: Readonly<Record<string, FieldSchema>>;
  /** Sets another top-level field of the node (a sign-in fills in its credential). */
  setField?: (key: string, value: unknown) => void;
}

/** Something of the workspace a config field names by id: picked from a list, never typed. */
export type ResourceKind = 'credential' | 'knowledgeBase' | 'agent';

/** Which of the workspace's things a field picks, from its `ui` hints (undefined: not a picker). */
export function resourceKindOf(schema: FieldSchema): ResourceKind | undefined {
  const ui = schema.ui;
  if (ui?.credential) return 'credential';
  if (ui?.knowledgeBase) return 'knowledgeBase';
  if (ui?.agent) return 'agent';
  return undefined;
}

/** Field-name words that read as acronyms in a label. */
const ACRONYMS: Readonly<Record<string, string>> = { url: 'URL', mcp: 'MCP', json: 'JSON', http: 'HTTP' };

/** "maxOutputTokens" → "Max output tokens", "baseURL" → "Base URL", "credentialId" → "Credential". */
export function humanize(name: string): string {
  const words = name
    .replace(/Ms$/, ' (ms)')
    .replace(/Mb$/, ' (MB)')
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()))
    .map((word) => ACRONYMS[word] ?? word);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Branches" → "Branch", "Choices" → "Choice": the name of one item of a list field. */
export function singular(noun: string): string {
  return noun.replace(/(ch|sh|x|s)es$/, '$1').replace(/([^s])s$/, '$1');
}

// The engine's placeholder syntax (prompt-template.ts): `{{name}}` or a field of its JSON, `{{name.field}}`.
const VARIABLE = /\{\{\s*([A-Za-z_][\w-]{0,63})((?:\.[\w-]{1,64}){0,8})\s*\}\}/g;

/** The `{{variables}}` of a template as written (`answer.category` too), in order, without duplicates. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => `${match[1]!}${match[2] ?? ''}`))];
}

/** Classes of a form control in the settings panel. */
export const CONTROL =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30 disabled:bg-slate-50 disabled:text-slate-500';

/** The schema's type, ignoring `null` in a union. */
export function typeOf(schema: FieldSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;
}
