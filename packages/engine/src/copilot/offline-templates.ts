import type { GraphNode } from '../format/graph-schema';
import type { EditPlan } from './offline-plan';
import { pickResources } from './offline-resources';
import { type Concept, conceptsIn, contentWords, EASY_TO_ADD, NODE_CONCEPTS } from './offline-words';
import type { CopilotTemplate, CopilotWorkspace } from './types';

/** What a template offers: the capabilities it names or holds, and its words. */
function templateTraits(template: CopilotTemplate) {
  const text = `${template.name} ${template.description}`;
  const capabilities = new Set<Concept>();
  for (const node of template.graph.nodes) {
    if (NODE_CONCEPTS.has(node.type as Concept)) capabilities.add(node.type as Concept);
  }
  return { concepts: conceptsIn(text), capabilities, words: new Set(contentWords(text)) };
}

/**
 * Templates that fit a description, best first: each capability asked for and present counts 3 (2 for
 * those easily added afterwards: memory, simple tools), each word shared counts 1, each capability present but not asked for costs 1; ties go to the smaller graph.
 * Templates sharing nothing with the description are left out.
 */
export function rankTemplates(
  templates: readonly CopilotTemplate[],
  description: string,
): { template: CopilotTemplate; score: number; matched: number }[] {
  const asked = conceptsIn(description);
  const words = new Set(contentWords(description));
  return templates
    .map((template, index) => {
      const traits = templateTraits(template);
      const offered = new Set<Concept>([...traits.concepts, ...traits.capabilities]);
      const offeredAsked = [...asked].filter((concept) => offered.has(concept));
      const matched = offeredAsked.length;
      const weight = offeredAsked.reduce((sum, concept) => sum + (EASY_TO_ADD.has(concept) ? 2 : 3), 0);
      const shared = [...words].filter((word) => traits.words.has(word)).length;
      const unasked = [...traits.capabilities].filter((type) => !asked.has(type)).length;
      return {
        template,
        index,
        matched,
        relevant: matched + shared > 0,
        score: weight + shared - unasked,
      };
    })
    .filter(({ relevant }) => relevant)
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.template.graph.nodes.length - b.template.graph.nodes.length ||
        a.index - b.index,
    )
    .map(({ template, score, matched }) => ({ template, score, matched }));
}

/** The smallest template, for a request to build "an assistant" that names nothing in particular. */
export function simplestTemplate(templates: readonly CopilotTemplate[]): CopilotTemplate | undefined {
  return [...templates].sort((a, b) => a.graph.nodes.length - b.graph.nodes.length)[0];
}

/**
 * Draws a template onto a blank or starter canvas as edits: its Chat Input and Chat Output become the
 * canvas's own (kept, moved into place), every other node is added with its id (renamed on a clash), and
 * settings pointing into the workspace are filled from it. Fails, with the reason, when the template needs
 * something the workspace does not have.
 */
export function buildFromTemplate(
  plan: EditPlan,
  template: CopilotTemplate,
  workspace: CopilotWorkspace,
  request: string,
): { ok: true; notes: string[] } | { ok: false; reason: string } {
  const existing = (test: (node: GraphNode) => boolean) => plan.graph.nodes.find(test);
  const trigger = existing((node) => plan.definition(node)?.trigger === true);
  const answer = existing((node) => plan.definition(node)?.collectsAnswer === true);
  const ids = new Map<string, string>();
  const kept = new Map<string, GraphNode>();
  for (const node of template.graph.nodes) {
    const definition = plan.registry.get(node.type);
    const reuse = definition?.trigger ? trigger : definition?.collectsAnswer ? answer : undefined;
    if (reuse) {
      ids.set(node.id, reuse.id);
      kept.set(node.id, reuse);
    }
  }
  const templateTrigger = template.graph.nodes.find((node) => kept.get(node.id) === trigger && trigger);
  const offset = templateTrigger
    ? {
        x: trigger!.position.x - templateTrigger.position.x,
        y: trigger!.position.y - templateTrigger.position.y,
      }
    : { x: 0, y: 0 };
  const at = (node: GraphNode) => ({ x: node.position.x + offset.x, y: node.position.y + offset.y });
  const notes: string[] = [];

  for (const node of template.graph.nodes) {
    const own = kept.get(node.id);
    if (own) {
      const changed = Object.fromEntries(
        Object.entries(node.data.config).filter(
          ([key, value]) => JSON.stringify(own.data.config[key]) !== JSON.stringify(value),
        ),
      );
      if (
        Object.keys(changed).length > 0 &&
        !plan.apply({ op: 'setConfig', nodeId: own.id, config: changed })
      ) {
        return { ok: false, reason: plan.refused.at(-1)! };
      }
      const place = at(node);
      if (
        (own.position.x !== place.x || own.position.y !== place.y) &&
        !plan.apply({ op: 'moveNode', nodeId: own.id, position: place })
      ) {
        return { ok: false, reason: plan.refused.at(-1)! };
      }
      continue;
    }
    const label = node.data.label || node.id;
    const picked = pickResources(
      node.data.config,
      plan.settingNames(node.type),
      `The node “${label}”`,
      workspace,
      request,
    );
    if (picked.missing)
      return {
        ok: false,
        reason: `“${template.name}” needs more than the workspace has: ${picked.missing}.`,
      };
    notes.push(...picked.notes);
    const id = plan.uniqueId(node.id);
    ids.set(node.id, id);
    const edit = {
      op: 'addNode' as const,
      id,
      type: node.type,
      config: { ...node.data.config, ...picked.config },
      position: at(node),
      ...(node.data.label ? { label: node.data.label } : {}),
    };
    if (!plan.apply(edit)) return { ok: false, reason: plan.refused.at(-1)! };
  }
  for (const edge of template.graph.edges) {
    const connected = plan.apply({
      op: 'connect',
      source: ids.get(edge.source) ?? edge.source,
      sourceHandle: edge.sourceHandle ?? '',
      target: ids.get(edge.target) ?? edge.target,
      targetHandle: edge.targetHandle ?? '',
    });
    if (!connected) return { ok: false, reason: plan.refused.at(-1)! };
  }
  return { ok: true, notes };
}
