import { canConnect } from '../format/port-types';
import type { GraphNode } from '../format/graph-schema';
import { nameOf } from './offline-changes';
import type { EditPlan } from './offline-plan';
import { conceptsIn, contentWords } from './offline-words';

const REMOVE_PHRASE =
  /\b(?:remove|delete|drop|get rid of)\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+|my\s+)?(.+?)(?:\s+nodes?)?\s*[.!?]*$/;

/** How well a node matches the words the person used for it (0: not at all). */
function matchScore(node: GraphNode, phrase: string, plan: EditPlan): number {
  const slug = phrase.trim().replace(/\s+/g, '-');
  const label = (node.data.label ?? '').toLowerCase();
  const title = (plan.definition(node)?.title ?? '').toLowerCase();
  if (node.id.toLowerCase() === slug || label === phrase) return 10;
  if (node.type === slug || title === phrase) return 8;
  if (conceptsIn(phrase).has(node.type as never)) return 6;
  const wanted = contentWords(phrase);
  const words = new Set(
    contentWords(`${label} ${title} ${node.type.replace(/-/g, ' ')} ${node.id.replace(/-/g, ' ')}`),
  );
  const shared = wanted.filter((word) => words.has(word)).length;
  return shared > 0 && shared === wanted.length ? 4 + shared : shared;
}

/**
 * Removes the node the request names. A node that passed data along (a Prompt between the Chat Input
 * and a Model) is bridged: its one data source connects to where it led, when the port types allow.
 */
export function removeNamed(plan: EditPlan, request: string): { notes: string[]; understood: boolean } {
  const phrase = REMOVE_PHRASE.exec(request.toLowerCase())?.[1]?.trim();
  if (!phrase) return { notes: [], understood: false };
  const scored = plan.graph.nodes.map((node) => ({ node, score: matchScore(node, phrase, plan) }));
  const best = Math.max(0, ...scored.map(({ score }) => score));
  const matches = scored.filter(({ score }) => score === best && best > 0).map(({ node }) => node);
  if (matches.length === 0) {
    const nodes = plan.graph.nodes.map(nameOf).join(', ');
    return { notes: [`No node matches “${phrase}”. The nodes are: ${nodes}.`], understood: true };
  }
  if (matches.length > 1) {
    const names = matches.map((node) => `${nameOf(node)} (id ${node.id})`).join(', ');
    return {
      notes: [`Several nodes match “${phrase}”: ${names}. Say which one to remove by its name or id.`],
      understood: true,
    };
  }
  const node = matches[0]!;
  const isData = (type: string | undefined) =>
    type !== undefined && !['model', 'memory', 'tool'].includes(type);
  const incoming = plan.graph.edges.filter(
    (edge) => edge.target === node.id && isData(plan.sourcePort(edge)?.type),
  );
  const outgoing = plan.graph.edges.filter(
    (edge) => edge.source === node.id && isData(plan.sourcePort(edge)?.type),
  );
  const bridges =
    incoming.length === 1
      ? outgoing.flatMap((out) => {
          const from = plan.sourcePort(incoming[0]!);
          const to = plan.targetPort(out);
          return from && to && canConnect(from.type, to.type)
            ? [
                {
                  source: incoming[0]!.source,
                  sourceHandle: from.id,
                  target: out.target,
                  targetHandle: to.id,
                },
              ]
            : [];
        })
      : [];
  if (!plan.apply({ op: 'removeNode', nodeId: node.id })) return { notes: [], understood: true };
  const bridged = bridges.filter((bridge) => plan.apply({ op: 'connect', ...bridge }));
  const notes = [`Removed ${nameOf(node)} and its edges.`];
  if (bridged.length > 0) {
    const joined = bridged.map(
      (bridge) => `${nameOf(plan.node(bridge.source)!)} → ${nameOf(plan.node(bridge.target)!)}`,
    );
    notes.push(`Connected ${joined.join(', ')} in its place.`);
  }
  return { notes, understood: true };
}
