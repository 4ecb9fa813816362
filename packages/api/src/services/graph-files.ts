import {
  defaultNodeRegistry,
  type Graph,
  type GraphProblem,
  graphSchema,
  validateGraph,
} from '@agentry/engine';
import { AppError } from '../errors';

/** Largest graph file accepted for import or save (bytes of JSON). */
export const MAX_GRAPH_BYTES = 2 * 1024 * 1024;

/** A structurally valid graph and what the engine thinks of it (problems do not block saving a draft). */
export interface CheckedGraph {
  graph: Graph;
  problems: GraphProblem[];
}

function shapeProblems(error: { issues: { path: PropertyKey[]; message: string }[] }): GraphProblem[] {
  return error.issues.map((issue) => ({
    code: 'invalid_graph_shape',
    message: `${issue.path.map(String).join('.') || 'graph'}: ${issue.message}`,
    path: issue.path.map((part) => (typeof part === 'number' ? part : String(part))),
  }));
}

/**
 * Checks a graph value: refuses (400, every problem listed) what is not a graph document at all, and
 * returns the engine's validation problems for one that is, so drafts can be saved while incomplete.
 */
export function checkGraph(value: unknown): CheckedGraph {
  const parsed = graphSchema.safeParse(value);
  if (!parsed.success) {
    const problems = shapeProblems(parsed.error);
    throw new AppError(
      'bad_request',
      `This is not a valid Agentry graph: ${problems.map((p) => p.message).join('; ')}`,
      {
        problems,
      },
    );
  }
  const validation = validateGraph(parsed.data, defaultNodeRegistry);
  const problems = validation.ok ? [] : validation.problems;
  const secrets = problems.filter((problem) => problem.code === 'secret_in_graph');
  if (secrets.length > 0) {
    throw new AppError(
      'bad_request',
      `The graph contains what looks like a secret (${secrets.map((p) => p.message).join('; ')}). Save keys as credentials and reference them by id.`,
      { problems: secrets },
    );
  }
  return { graph: parsed.data, problems };
}

/** Parses the text of a graph file (import): size limit, JSON syntax, then `checkGraph`. */
export function parseGraphFile(text: string): CheckedGraph {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_GRAPH_BYTES) {
    throw new AppError(
      'too_large',
      `The graph file is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_GRAPH_BYTES / 1024 / 1024} MB.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('bad_request', `The file is not valid JSON: ${(error as Error).message}`, {
      problems: [{ code: 'invalid_graph_shape', message: `Not valid JSON: ${(error as Error).message}` }],
    });
  }
  return checkGraph(value);
}

/** Serialises a graph for export: stable key order, two-space indentation, a trailing newline. */
export function serializeGraph(graph: Graph): string {
  return `${JSON.stringify({ version: graph.version, nodes: graph.nodes, edges: graph.edges }, null, 2)}\n`;
}
