import { readdirSync, readFileSync } from 'node:fs';
import { type Graph, graphSchema } from '../../format/graph-schema';
import type { CopilotTemplate, CopilotWorkspace } from '../types';

/** What a new agent starts with (the api's starterGraph): a Chat Input and a Chat Output, not joined. */
export function starterGraph(): Graph {
  return graphSchema.parse({
    version: 1,
    nodes: [
      { id: 'chat-input', type: 'chat-input', position: { x: 0, y: 120 }, data: { label: 'Chat Input', config: {} } },
      { id: 'chat-output', type: 'chat-output', position: { x: 640, y: 120 }, data: { label: 'Chat Output', config: {} } },
    ],
    edges: [],
  });
}

const TEMPLATES = new URL('../../../../api/src/templates/', import.meta.url);

/** The built-in templates, read from the api package that owns them (as the host passes them in). */
export function loadTemplates(): CopilotTemplate[] {
  return readdirSync(TEMPLATES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(new URL(file, TEMPLATES), 'utf8')) as { name: string; description: string };
      return { id: file.replace(/\.json$/, ''), name: json.name, description: json.description, graph: graphSchema.parse(json) };
    });
}

/** One template's graph by file name. */
export function templateGraph(id: string): Graph {
  const template = loadTemplates().find((candidate) => candidate.id === id);
  if (!template) throw new Error(`No template "${id}" in packages/api/src/templates.`);
  return template.graph;
}

/** A workspace with nothing in it. */
export const emptyWorkspace: CopilotWorkspace = { knowledgeBases: [], agents: [], credentials: [], mcpServers: [] };

/** Freezes a value deeply, so a test fails if anything writes into it. */
export function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
