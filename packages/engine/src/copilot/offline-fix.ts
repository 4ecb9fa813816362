import type { GraphEdge, GraphNode } from '../format/graph-schema';
import { canConnect, type PortSpec } from '../format/port-types';
import type { GraphProblem } from '../plan/problems';
import { wouldLoop } from './edit-support';
import { nameOf } from './offline-changes';
import type { EditPlan } from './offline-plan';

/** What the mechanical repair did, and the problems it left for a person (or a model). */
export interface FixReport {
  fixed: string[];
  left: GraphProblem[];
}

/** Most repairs in one turn; each one re-validates the graph. */
const MAX_FIXES = 30;

function edgeNamed(plan: EditPlan, id: string | undefined): GraphEdge | undefined {
  return id === undefined ? undefined : plan.graph.edges.find((edge) => edge.id === id);
}

function dropEdge(plan: EditPlan, edge: GraphEdge, why: string): string | undefined {
  const removed = plan.apply({
    op: 'disconnect',
    source: edge.source,
    target: edge.target,
    ...(edge.sourceHandle ? { sourceHandle: edge.sourceHandle } : {}),
    ...(edge.targetHandle ? { targetHandle: edge.targetHandle } : {}),
  });
  return removed ? `Removed the edge ${edge.source} → ${edge.target} (${why}).` : undefined;
}

/** The best output to feed an unconnected input: exact type, unused, to its left, generated text; then the nearest. */
function bestSource(plan: EditPlan, target: GraphNode, port: PortSpec) {
  let best: { node: GraphNode; port: PortSpec; score: number } | undefined;
  for (const node of plan.graph.nodes) {
    if (node.id === target.id || wouldLoop(plan.graph.edges, node.id, target.id)) continue;
    for (const output of plan.shape(node)?.outputs ?? []) {
      if (!canConnect(output.type, port.type)) continue;
      const score =
        (output.type === port.type ? 4 : 0) +
        (plan.edgesFrom(node, output).length === 0 ? 2 : 0) +
        (node.position.x < target.position.x ? 1 : 0) +
        // A generated answer (a Model's or Agent's text) is what an answer input usually wants.
        (plan.definition(node)?.streamsText && output.type === 'text' ? 1 : 0);
      const closer = best !== undefined && score === best.score && node.position.x > best.node.position.x;
      if (!best || score > best.score || closer) best = { node, port: output, score };
    }
  }
  return best;
}

function connectRequired(plan: EditPlan, problem: GraphProblem): string | undefined {
  const target = problem.nodeId ? plan.node(problem.nodeId) : undefined;
  const port = target ? plan.shape(target)?.inputs.find((input) => input.id === problem.portId) : undefined;
  if (!target || !port) return undefined;
  let source = bestSource(plan, target, port);
  if (!source && port.type === 'model') {
    // A missing model is the one resource the offline copilot can supply without asking: the offline model.
    const modelType = plan.providers('model')[0];
    const id = plan.uniqueId('model');
    if (modelType && plan.apply({ op: 'addNode', id, type: modelType.type, position: plan.below(target) })) {
      source = bestSource(plan, target, port);
    }
  }
  if (!source) return undefined;
  const ok = plan.apply({
    op: 'connect',
    source: source.node.id,
    sourceHandle: source.port.id,
    target: target.id,
    targetHandle: port.id,
  });
  return ok
    ? `Connected ${nameOf(source.node)} (${source.port.id}) to the “${port.label}” input of ${nameOf(target)}.`
    : undefined;
}

/** Drops the edge that closes a loop: the one pointing furthest back to the left. */
function breakLoop(plan: EditPlan, problem: GraphProblem): string | undefined {
  const members = new Set<string>(problem.nodeIds ?? []);
  const x = (id: string) => plan.node(id)?.position.x ?? 0;
  const back = plan.graph.edges
    .filter((edge) => members.has(edge.source) && members.has(edge.target))
    .sort((a, b) => x(b.source) - x(b.target) - (x(a.source) - x(a.target)))[0];
  return back ? dropEdge(plan, back, 'it closed a loop') : undefined;
}

function removeSetting(plan: EditPlan, problem: GraphProblem, why: string): string | undefined {
  const node = problem.nodeId ? plan.node(problem.nodeId) : undefined;
  const key = problem.path?.[0];
  if (!node || typeof key !== 'string') return undefined;
  const ok = plan.apply({ op: 'setConfig', nodeId: node.id, config: { [key]: null } });
  return ok ? `Reset “${key}” of ${nameOf(node)} to its default (${why}).` : undefined;
}

function fixOne(plan: EditPlan, problem: GraphProblem): string | undefined {
  switch (problem.code) {
    case 'dangling_edge':
    case 'incompatible_edge': {
      const edge = edgeNamed(plan, problem.edgeId);
      return edge
        ? dropEdge(
            plan,
            edge,
            problem.code === 'dangling_edge' ? 'it led nowhere' : 'its port types do not match',
          )
        : undefined;
    }
    case 'too_many_edges': {
      const edge = edgeNamed(plan, problem.edgeId);
      return edge ? dropEdge(plan, edge, 'that input takes one edge') : undefined;
    }
    case 'missing_required_input':
      return connectRequired(plan, problem);
    case 'cycle':
      return breakLoop(plan, problem);
    case 'secret_in_graph':
      return removeSetting(plan, problem, 'it held a secret: save it as a credential and pick it instead');
    case 'invalid_config':
      return removeSetting(plan, problem, 'its value was invalid');
    case 'no_output_reachable':
      return connectAnswer(plan);
    case 'no_chat_input':
      return addChatInput(plan);
    default:
      return undefined;
  }
}

/** Connects the last text the Chat Input leads to into the Chat Output (adding one when there is none). */
function connectAnswer(plan: EditPlan): string | undefined {
  let output = plan.graph.nodes.find((node) => plan.definition(node)?.collectsAnswer);
  if (!output) {
    const type = plan.registry.list().find((definition) => definition.collectsAnswer);
    const id = plan.uniqueId('chat-output');
    if (!type || !plan.apply({ op: 'addNode', id, type: type.type })) return undefined;
    output = plan.node(id)!;
  }
  const input = plan.shape(output)?.inputs[0];
  if (!input) return undefined;
  const candidates = plan.graph.nodes
    .filter((node) => node.id !== output.id && !plan.definition(node)?.trigger)
    .flatMap((node) =>
      (plan.shape(node)?.outputs ?? [])
        .filter((port) => port.type === 'text' && plan.edgesFrom(node, port).length === 0)
        .map((port) => ({ node, port })),
    )
    .sort((a, b) => b.node.position.x - a.node.position.x);
  for (const { node, port } of candidates) {
    if (
      plan.apply({
        op: 'connect',
        source: node.id,
        sourceHandle: port.id,
        target: output.id,
        targetHandle: input.id,
      })
    ) {
      return `Connected the text of ${nameOf(node)} to ${nameOf(output)}, so the run has an answer.`;
    }
  }
  return undefined;
}

/** Adds the missing Chat Input left of everything; the next repairs connect it. */
function addChatInput(plan: EditPlan): string | undefined {
  const type = plan.registry.list().find((definition) => definition.trigger);
  if (!type) return undefined;
  const left = Math.min(0, ...plan.graph.nodes.map((node) => node.position.x)) - 320;
  const top = Math.min(120, ...plan.graph.nodes.map((node) => node.position.y));
  const id = plan.uniqueId('chat-input');
  return plan.apply({ op: 'addNode', id, type: type.type, position: { x: left, y: top } })
    ? `Added a Chat Input (“${id}”): every run starts there.`
    : undefined;
}

/**
 * Repairs what can be repaired without understanding the agent: drops broken and surplus edges, feeds
 * unconnected required inputs from a compatible output, breaks loops, resets invalid or secret settings
 * and joins the answer to the Chat Output. Whatever is left is reported.
 */
export function fixMechanically(plan: EditPlan): FixReport {
  const fixed: string[] = [];
  for (let attempt = 0; attempt < MAX_FIXES; attempt++) {
    const problems = plan.problems();
    let progress = false;
    for (const problem of problems) {
      const done = fixOne(plan, problem);
      if (done) {
        fixed.push(done);
        progress = true;
        break; // problems point at edges by id: read them again after every change
      }
    }
    if (!progress) break;
  }
  return { fixed, left: plan.problems() };
}
