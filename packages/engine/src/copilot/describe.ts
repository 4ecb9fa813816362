import type { Graph, GraphNode } from '../format/graph-schema';
import type { PortSpec } from '../format/port-types';
import { nodeCatalog } from '../nodes/node-catalog';
import type { NodeRegistry } from '../nodes/registry';
import { findSecrets, looksLikeSecret } from '../plan/find-secrets';
import type { GraphProblem } from '../plan/problems';
import { validateGraph } from '../plan/validate-graph';
import { REDACTED, shapeOfNode } from './edit-support';
import type { CopilotWorkspace } from './types';

/** Longest setting text shown to the model; a long system prompt is cut, and says so. */
const MAX_SETTING_CHARS = 4000;
/** Most entries of each workspace list shown. */
const MAX_LISTED = 50;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  required?: string[];
};

/** A JSON Schema type in a few words: `"a" | "b"`, `list of string`, `{ id: string, … }`. */
function typeInWords(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeInWords).join(' | ');
  if (schema.type === 'array') return `list of ${schema.items ? typeInWords(schema.items) : 'anything'}`;
  if (schema.type === 'object' && schema.properties) {
    const fields = Object.entries(schema.properties).map(([name, field]) => {
      const note = field.description ? ` (${field.description})` : '';
      return `${name}: ${typeInWords(field)}${note}`;
    });
    return `{ ${fields.join('; ')} }`;
  }
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') {
    return `map of name to ${typeInWords(schema.additionalProperties)}`;
  }
  if (schema.format === 'uri') return 'URL';
  return Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'anything');
}

function portsInWords(ports: readonly PortSpec[]): string {
  if (ports.length === 0) return 'none';
  return ports
    .map((port) => {
      const notes = [port.type, port.required ? 'required' : '', port.multiple ? 'takes several edges' : ''];
      return `${port.id} (${notes.filter(Boolean).join(', ')})`;
    })
    .join(', ');
}

/**
 * Every node type the model may add: what it does, its ports with their types, and its settings with
 * types, allowed values and defaults. Ports that follow the settings (a Prompt's variables, a Condition's
 * branches) say so; their field descriptions tell how.
 */
export function describeCatalog(registry: NodeRegistry): string {
  const definitions = new Map(registry.list().map((definition) => [definition.type, definition]));
  return nodeCatalog(registry)
    .map((entry) => {
      const definition = definitions.get(entry.type)!;
      // A ports function that takes the config derives its ports from it.
      const followsConfig = definition.inputs.length > 0 || definition.outputs.length > 0;
      const roles = [
        entry.trigger ? 'starts the run; exactly one per graph' : '',
        entry.collectsAnswer ? 'its text is the answer' : '',
        entry.provides ? `provides a ${entry.provides} to the node it connects to` : '',
      ].filter(Boolean);
      const schema = entry.configSchema as JsonSchema;
      const required = new Set(schema.required ?? []);
      const settings = Object.entries(schema.properties ?? {}).map(([name, field]) => {
        const notes = [
          required.has(name) ? 'required' : '',
          field.default !== undefined ? `default ${JSON.stringify(field.default)}` : '',
        ].filter(Boolean);
        const description = field.description ? ` — ${field.description}` : '';
        return `    - ${name}: ${typeInWords(field)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}${description}`;
      });
      return [
        `- ${entry.type} — ${entry.title} (${entry.group}): ${entry.description}${roles.length > 0 ? ` [${roles.join('; ')}]` : ''}`,
        `  inputs: ${portsInWords(entry.inputs)}; outputs: ${portsInWords(entry.outputs)}${followsConfig ? ' (with the default settings; the ports follow the settings)' : ''}`,
        settings.length > 0 ? `  settings:\n${settings.join('\n')}` : '  settings: none',
      ].join('\n');
    })
    .join('\n');
}

function shorten(text: string): string {
  if (text.length <= MAX_SETTING_CHARS) return text;
  return `${text.slice(0, MAX_SETTING_CHARS)}… (${text.length - MAX_SETTING_CHARS} more characters)`;
}

function shortenStrings(value: unknown): unknown {
  if (typeof value === 'string') return shorten(value);
  if (Array.isArray(value)) return value.map(shortenStrings);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shortenStrings(child)]));
}

/** A copy of a node config with every secret-looking value replaced by "[redacted]". */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(config);
  for (const path of findSecrets(config)) {
    let parent: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    parent[path.at(-1)!] = REDACTED;
  }
  return copy;
}

/** Text the model may read: itself, or "[redacted]" when it looks like a secret. */
export function redactText(text: string): string {
  return looksLikeSecret(text) ? REDACTED : text;
}

function nodeInWords(node: GraphNode, registry: NodeRegistry): string {
  const label = node.data.label ? ` "${redactText(node.data.label)}"` : '';
  const config = JSON.stringify(shortenStrings(redactConfig(node.data.config ?? {})));
  const shape = shapeOfNode(node, registry);
  const ports = shape.ok
    ? `inputs: ${portsInWords(shape.shape.inputs)}; outputs: ${portsInWords(shape.shape.outputs)}`
    : shape.problem;
  return `- ${node.id} [${node.type}]${label} at (${Math.round(node.position.x)}, ${Math.round(node.position.y)}) config ${config}\n  ${ports}`;
}

/** The graph compactly: each node with its type, label, settings (secrets redacted) and ports, then the edges. */
export function describeGraph(graph: Graph, registry: NodeRegistry): string {
  if (graph.nodes.length === 0) return 'The canvas is empty.';
  const nodes = graph.nodes.map((node) => nodeInWords(node, registry));
  const edges = graph.edges.map(
    (edge) =>
      `- ${edge.source}.${edge.sourceHandle ?? '(only output)'} → ${edge.target}.${edge.targetHandle ?? '(only input)'}`,
  );
  return `Nodes:\n${nodes.join('\n')}\nEdges:\n${edges.length > 0 ? edges.join('\n') : '(none)'}`;
}

/** Validation problems as a list, or a line saying there are none. */
export function describeProblems(problems: readonly GraphProblem[]): string {
  if (problems.length === 0) return 'No problems: the graph is valid and can run.';
  // Config problems speak of the setting alone ("Pick the knowledge base to search."): name the node.
  return problems
    .map((problem) =>
      problem.nodeId && !problem.message.includes(problem.nodeId)
        ? `- Node "${problem.nodeId}": ${problem.message}`
        : `- ${problem.message}`,
    )
    .join('\n');
}

/** The graph's validation problems as a list. */
export function graphProblems(graph: Graph, registry: NodeRegistry): GraphProblem[] {
  const result = validateGraph(graph, registry);
  return result.ok ? [] : result.problems;
}

function listOf<Item>(title: string, items: readonly Item[], line: (item: Item) => string): string {
  if (items.length === 0) return `${title}: none.`;
  const lines = items.slice(0, MAX_LISTED).map((item) => `- ${line(item)}`);
  if (items.length > MAX_LISTED) lines.push(`- … and ${items.length - MAX_LISTED} more`);
  return `${title}:\n${lines.join('\n')}`;
}

/** What the workspace has that nodes may point at, by id and name (never a secret). */
export function describeWorkspace(workspace: CopilotWorkspace): string {
  return [
    listOf(
      'Knowledge bases (Knowledge node "knowledgeBaseId")',
      workspace.knowledgeBases,
      (base) => `${base.id}: ${redactText(base.name)}`,
    ),
    listOf(
      'Credentials (Model or MCP Tools node "credentialId")',
      workspace.credentials,
      (credential) => `${credential.id}: ${redactText(credential.name)} (provider ${credential.provider})`,
    ),
    listOf(
      'Saved agents (Agent as Tool node "agentId")',
      workspace.agents,
      (agent) => `${agent.id}: ${redactText(agent.name)}`,
    ),
    listOf(
      'MCP servers used in the workspace (MCP Tools node "url")',
      workspace.mcpServers,
      (server) => `${redactText(server.url)} (${redactText(server.name)})`,
    ),
  ].join('\n');
}
