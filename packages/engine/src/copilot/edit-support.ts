import type { z } from 'zod';
import type { Graph, GraphEdge, GraphNode } from '../format/graph-schema';
import type { PortSpec } from '../format/port-types';
import type { AnyNodeDefinition } from '../nodes/node-definition';
import type { NodeRegistry } from '../nodes/registry';

/** What a secret-looking setting reads as in every text the Copilot's model sees. */
export const REDACTED = '[redacted]';

/** A node's definition and its ports under its current config. */
export interface NodeShape {
  definition: AnyNodeDefinition;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

/** Parses a config with the node type's schema and returns its ports, or the problem in words. */
export function shapeOf(
  definition: AnyNodeDefinition,
  config: unknown,
  where: string,
): { ok: true; shape: NodeShape; config: unknown } | { ok: false; problem: string } {
  const parsed = definition.config.safeParse(config ?? {});
  if (!parsed.success) return { ok: false, problem: `${where} is invalid: ${issuesInWords(parsed.error)}` };
  return {
    ok: true,
    config: parsed.data,
    shape: {
      definition,
      inputs: definition.inputs(parsed.data),
      outputs: definition.outputs(parsed.data),
    },
  };
}

/** The node's shape, or why there is none (unknown type, invalid settings). */
export function shapeOfNode(
  node: GraphNode,
  registry: NodeRegistry,
): { ok: true; shape: NodeShape } | { ok: false; problem: string } {
  const definition = registry.get(node.type);
  if (!definition) {
    return {
      ok: false,
      problem: `Node "${node.id}" has the unknown type "${node.type}"; remove it or replace it with a known type.`,
    };
  }
  const result = shapeOf(definition, node.data.config, `The config of node "${node.id}"`);
  return result.ok ? { ok: true, shape: result.shape } : result;
}

/** Zod issues as one line: `temperature: Too big…; model: Expected string…` (at most three). */
export function issuesInWords(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `"${path}": ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${issues.join('; ')}${more}.`;
}

/** Ports as `id (type, required)` for a problem the model reads. */
export function listPorts(ports: readonly PortSpec[]): string {
  if (ports.length === 0) return 'none';
  return ports
    .map((port) => {
      const notes = [port.type, port.required ? 'required' : '', port.multiple ? 'takes several' : ''];
      return `"${port.id}" (${notes.filter(Boolean).join(', ')})`;
    })
    .join(', ');
}

/** The port a handle names; a missing handle means the only port on that side (as validation reads it). */
export function resolvePort(
  ports: readonly PortSpec[],
  handle: string | null | undefined,
): PortSpec | undefined {
  if (handle === null || handle === undefined || handle === '')
    return ports.length === 1 ? ports[0] : undefined;
  return ports.find((port) => port.id === handle);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to three candidates close to `word` (by spelling, or one containing the other), closest first. */
export function closeNames(word: string, candidates: readonly string[]): string[] {
  const wanted = word.toLowerCase();
  return candidates
    .map((candidate) => {
      const name = candidate.toLowerCase();
      const contains = name.includes(wanted) || wanted.includes(name);
      return { candidate, distance: contains ? 0 : editDistance(wanted, name) };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

/** Node ids for a problem: `"a", "b"` (the first 30). */
export function listIds(graph: Graph): string {
  const ids = graph.nodes.slice(0, 30).map((node) => `"${node.id}"`);
  const more = graph.nodes.length > 30 ? `, … (${graph.nodes.length - 30} more)` : '';
  return ids.length > 0 ? `${ids.join(', ')}${more}` : 'none (the canvas is empty)';
}

/** Whether an edge `source → target` would close a loop: `target` already leads to `source`. */
export function wouldLoop(edges: readonly GraphEdge[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set([target]);
  const queue = [target];
  for (let head = 0; head < queue.length; head++) {
    for (const node of next.get(queue[head]!) ?? []) {
      if (node === source) return true;
      if (!seen.has(node)) {
        seen.add(node);
        queue.push(node);
      }
    }
  }
  return false;
}

// Nodes on the canvas are about 240 × 120; keep a margin so new ones never touch old ones.
const SPAN_X = 280;
const SPAN_Y = 150;
const COLUMN = 320;

/** The first place at `start` or below it where a node overlaps no other. */
export function freeSpot(graph: Graph, start: { x: number; y: number }): { x: number; y: number } {
  const overlaps = (top: number) =>
    graph.nodes.some(
      (node) => Math.abs(node.position.x - start.x) < SPAN_X && Math.abs(node.position.y - top) < SPAN_Y,
    );
  let y = start.y;
  while (overlaps(y)) y += SPAN_Y + 10;
  return { x: start.x, y };
}

/**
 * Where a node added without a position goes: in the column after the right-most node, level with it,
 * stepping down until nothing overlaps. The same graph always gives the same place, so a client that
 * replays the edits draws exactly what the proposal showed.
 */
export function freePosition(graph: Graph): { x: number; y: number } {
  if (graph.nodes.length === 0) return { x: 0, y: 120 };
  let rightmost = graph.nodes[0]!;
  for (const node of graph.nodes) if (node.position.x > rightmost.position.x) rightmost = node;
  return freeSpot(graph, { x: rightmost.position.x + COLUMN, y: rightmost.position.y });
}

/** An edge id not yet used in the graph, derived from the ends so it reads in a diff. */
export function freshEdgeId(graph: Graph, source: string, target: string, targetHandle: string): string {
  const taken = new Set(graph.edges.map((edge) => edge.id));
  const base = `e-${source}-${target}`.slice(0, 180);
  if (!taken.has(base)) return base;
  const withPort = `${base}-${targetHandle}`.slice(0, 190);
  if (!taken.has(withPort)) return withPort;
  for (let counter = 2; ; counter++)
    if (!taken.has(`${withPort}-${counter}`)) return `${withPort}-${counter}`;
}

/** Whether a value (at any depth) is the redaction marker, i.e. the model copied a secret it cannot see. */
export function holdsRedacted(value: unknown, depth = 0): boolean {
  if (value === REDACTED) return true;
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  return Object.values(value).some((child) => holdsRedacted(child, depth + 1));
}
