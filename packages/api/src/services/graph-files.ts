import {
  defaultNodeRegistry,
  type Graph,
  type GraphProblem,
  graphSchema,
  validateGraph,
  withPropertyOrder,
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
  return { graph: keepSchemaOrder(parsed.data), problems };
}

/**
 * Output schemas keep the order their fields were written in (`x-order`), which the jsonb column the
 * graph is stored in would otherwise lose: a model writes the fields in the order its schema lists them.
 * Anything that is not a graph's shape is returned as it is (it is checked elsewhere).
 */
export function keepSchemaOrder<T>(graph: T): T {
  const nodes = (graph as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return graph;
  return {
    ...graph,
    nodes: nodes.map((node: { data?: { config?: { output?: { type?: unknown; schema?: unknown } } } }) => {
      const output = node?.data?.config?.output;
      if (output?.type !== 'json' || typeof output.schema !== 'object' || output.schema === null) return node;
      const schema = withPropertyOrder(output.schema as Record<string, unknown>);
      return {
        ...node,
        data: { ...node.data, config: { ...node.data?.config, output: { ...output, schema } } },
      };
    }),
  };
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
