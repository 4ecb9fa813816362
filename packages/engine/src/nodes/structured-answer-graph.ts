import type { NodeRegistry } from './registry';
import type { OutputFormat } from './output-format';

interface LooseNode {
  id: string;
  type: string;
  data?: { config?: Record<string, unknown> } & Record<string, unknown>;
}
interface LooseEdge {
  source: string;
  target: string;
}

/** What `askForStructuredAnswer` did to a graph. */
export interface StructuredAnswerPlan {
  /** The graph to run: the same object when nothing had to change. */
  graph: unknown;
  /** Nodes now asked for the schema (their own format was text). */
  asked: string[];
  /** Nodes feeding the answer that already answer with JSON of their own schema. */
  structured: string[];
}

/**
 * Makes a graph answer with JSON fitting a schema, for a caller that asks for it (the OpenAI-compatible
 * route's `response_format`): each node feeding the answer that can answer in a format (its config has
 * an `output` format, a Model or a chat-mode Agent) and answers text is asked for the schema; one that
 * is already structured keeps its own. Other nodes (a Prompt, a Condition) are left alone: the caller
 * still checks the answer against the schema. The graph is copied, never changed in place; a graph that
 * does not have the expected shape is returned as is (validation reports it when it runs).
 */
export function askForStructuredAnswer(
  graph: unknown,
  format: { schema: Record<string, unknown>; name: string },
  registry: NodeRegistry,
): StructuredAnswerPlan {
  const plan: StructuredAnswerPlan = { graph, asked: [], structured: [] };
  const { nodes, edges } = (graph ?? {}) as { nodes?: unknown; edges?: unknown };
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return plan;
  const byId = new Map((nodes as LooseNode[]).map((node) => [node?.id, node]));
  const answerSources = new Set<string>();
  for (const edge of edges as LooseEdge[]) {
    const target = byId.get(edge?.target);
    if (target && registry.get(target.type)?.collectsAnswer) answerSources.add(edge.source);
  }
  const replaced = new Map<string, LooseNode>();
  for (const id of answerSources) {
    const node = byId.get(id);
    const definition = node && registry.get(node.type);
    if (!node || !definition) continue;
    const current = definition.config.safeParse(node.data?.config ?? {});
    if (!current.success) continue;
    const config = current.data as { output?: OutputFormat };
    if (config.output?.type === 'json') {
      plan.structured.push(id);
      continue;
    }
    const output: OutputFormat = { type: 'json', name: format.name, schema: format.schema };
    const asked = { ...(node.data?.config ?? {}), output };
    const parsed = definition.config.safeParse(asked);
    const usable =
      parsed.success &&
      (parsed.data as { output?: OutputFormat }).output?.type === 'json' &&
      (definition.validate?.(parsed.data, { inputs: new Set(), outputs: new Set() }) ?? []).every(
        (problem) => problem.code !== 'invalid_config',
      );
    if (!usable) continue;
    replaced.set(id, { ...node, data: { ...node.data, config: asked } });
    plan.asked.push(id);
  }
  if (replaced.size === 0) return plan;
  plan.graph = {
    ...(graph as object),
    nodes: (nodes as LooseNode[]).map((node) => replaced.get(node?.id) ?? node),
  };
  return plan;
}
