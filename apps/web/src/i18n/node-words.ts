import {
  defaultNodeRegistry,
  type NodeCatalogEntry,
  nodeCatalog,
  type PortSpec,
} from '@agentry/engine/graph';
import { type FieldSchema, humanize, singular } from '../components/builder/config-schema';

// The English words of the node types, as the engine and the settings form say them: the source of the
// `nodes` and `nodeGroups` catalogs (node-words.test.ts checks the English catalog says exactly this).

/** Words of one config field: its label and help; a choice's option labels; a list's item words. */
export interface FieldWords {
  label: string;
  help?: string;
  /** The hint in an empty field (from its `ui` hints). */
  placeholder?: string;
  /** Option labels of a choice, by value. */
  options?: Record<string, string>;
  /** A list of objects: its item's legend ("Branch {number}") and add button ("+ Add branch"). */
  item?: string;
  add?: string;
  /** A list of objects: the fields of its items. */
  fields?: Record<string, FieldWords>;
}

/** Words of one port: its label and its one-line description. */
export interface PortWords {
  label: string;
  help?: string;
}

/** Words of one node type. */
export interface NodeWords {
  title: string;
  description: string;
  fields?: Record<string, FieldWords>;
  ports?: Record<string, PortWords>;
}

/** The catalog key of a palette group ("Inputs/Outputs" → "Inputs_Outputs"). */
export function groupKey(group: string): string {
  return group.replace(/\W+/g, '_');
}

function fieldWords(name: string, schema: FieldSchema): FieldWords {
  const words: FieldWords = { label: humanize(name) };
  if (schema.description) words.help = schema.description;
  if (schema.ui?.placeholder) words.placeholder = schema.ui.placeholder;
  const options = schema.enum ?? schema.items?.enum;
  if (options) words.options = Object.fromEntries(options.map((option) => [String(option), String(option)]));
  const item = schema.items;
  if (item?.properties && !schema.ui?.mcpTools && !schema.ui?.outputFormat) {
    const noun = singular(humanize(name));
    words.item = `${noun} {number}`;
    words.add = `+ Add ${noun.toLowerCase()}`;
    words.fields = Object.fromEntries(
      Object.entries(item.properties).map(([key, property]) => [key, fieldWords(key, property)]),
    );
  }
  return words;
}

/** The configs a node is shown with: its default, and one for each value of each top-level choice. */
function sampleConfigs(entry: NodeCatalogEntry): Record<string, unknown>[] {
  const base = (entry.defaultConfig ?? {}) as Record<string, unknown>;
  const samples = [base];
  const properties = ((entry.configSchema as FieldSchema).properties ?? {}) as Record<string, FieldSchema>;
  for (const [key, property] of Object.entries(properties)) {
    for (const value of property.enum ?? []) samples.push({ ...base, [key]: value });
    // An optional number turns on what it limits (a Human approval's timeout adds its branch).
    const type = Array.isArray(property.type) ? property.type[0] : property.type;
    if ((type === 'integer' || type === 'number') && property.default === undefined)
      samples.push({ ...base, [key]: Math.max(property.minimum ?? 1, 1) });
  }
  return samples;
}

/**
 * Whether a port is named by the person building the graph (a Prompt's {{variable}}, a Condition's branch,
 * a Human approval's button): its id is an item id or a {{variable}} of the config. Those labels are
 * user data and never in the catalog.
 */
function isUserNamed(port: PortSpec, config: Record<string, unknown>): boolean {
  const ids = new Set<string>();
  for (const value of Object.values(config)) {
    if (Array.isArray(value))
      for (const item of value)
        if (item && typeof item === 'object' && 'id' in item) ids.add(String(item.id));
  }
  if (ids.has(port.id)) return true;
  return port.label === port.id && JSON.stringify(config).includes(`{{${port.id}}}`);
}

/** The English words of every registered node type (plain text, not yet ICU). */
export function englishNodeWords(): Record<string, NodeWords> {
  const out: Record<string, NodeWords> = {};
  for (const entry of nodeCatalog(defaultNodeRegistry)) {
    const definition = defaultNodeRegistry.get(entry.type)!;
    const words: NodeWords = { title: entry.title, description: entry.description };
    const properties = (entry.configSchema as FieldSchema).properties ?? {};
    if (Object.keys(properties).length > 0) {
      words.fields = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, fieldWords(key, property)]),
      );
    }
    const ports: Record<string, PortWords> = {};
    for (const sample of sampleConfigs(entry)) {
      const parsed = definition.config.safeParse(sample);
      if (!parsed.success) continue;
      for (const port of [...definition.inputs(parsed.data), ...definition.outputs(parsed.data)]) {
        if (isUserNamed(port, parsed.data as Record<string, unknown>)) continue;
        const previous = ports[port.id];
        if (previous && (previous.label !== port.label || previous.help !== port.description)) {
          throw new Error(`${entry.type}: port "${port.id}" has two different labels or descriptions`);
        }
        ports[port.id] = port.description
          ? { label: port.label, help: port.description }
          : { label: port.label };
      }
    }
    if (Object.keys(ports).length > 0) words.ports = ports;
    out[entry.type] = words;
  }
  return out;
}

/**
 * One node type's words as catalog keys, one level deep (deeper catalogs overwhelm the type checker's
 * message keys): `title`, `description`, `field:<field>:label|help|placeholder|item|add` (a list item's
 * field: `field:<list>/<field>:…`), `option:<field>:<value>`, `port:<id>:label|help`.
 */
export function flatNodeWords(words: NodeWords): Record<string, string> {
  const out: Record<string, string> = { title: words.title, description: words.description };
  const fields = (tree: Record<string, FieldWords> | undefined, parent: string[]) => {
    for (const [name, field] of Object.entries(tree ?? {})) {
      const path = [...parent, name].join('/');
      for (const key of ['label', 'help', 'placeholder', 'item', 'add'] as const) {
        const text = field[key];
        if (text !== undefined) out[`field:${path}:${key}`] = text;
      }
      for (const [value, text] of Object.entries(field.options ?? {})) out[`option:${path}:${value}`] = text;
      fields(field.fields, [...parent, name]);
    }
  };
  fields(words.fields, []);
  for (const [id, port] of Object.entries(words.ports ?? {})) {
    out[`port:${id}:label`] = port.label;
    if (port.help !== undefined) out[`port:${id}:help`] = port.help;
  }
  return out;
}

/** The English `nodes` catalog: every node type's words, flat (see flatNodeWords). */
export function englishNodeCatalog(): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(englishNodeWords()).map(([type, words]) => [type, flatNodeWords(words)]),
  );
}

/** The English names of the palette groups, by key. */
export function englishGroupWords(): Record<string, string> {
  return Object.fromEntries(
    nodeCatalog(defaultNodeRegistry).map((entry) => [groupKey(entry.group), entry.group]),
  );
}

/** Text as an ICU message that says exactly it: apostrophes doubled, braces and tags quoted. */
export function icuLiteral(text: string): string {
  return text.replace(/'/g, "''").replace(/[{}<]+/g, (run) => `'${run}'`);
}

/** A tree of words as ICU messages; `{number}` placeholders of list items stay arguments. */
export function toCatalog(tree: unknown, key = ''): unknown {
  if (typeof tree === 'string') {
    if (key.endsWith(':item')) return `${icuLiteral(tree.replace(/ \{number\}$/, ''))} {number}`;
    return icuLiteral(tree);
  }
  if (tree && typeof tree === 'object') {
    return Object.fromEntries(Object.entries(tree).map(([name, value]) => [name, toCatalog(value, name)]));
  }
  return tree;
}
