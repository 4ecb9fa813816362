import type { Graph } from '../format/graph-schema';
import type { NodeRegistry } from '../nodes/registry';
import { describeProblems } from './describe';
import { addMemory, answerIn, settingsOf } from './offline-changes';
import { addTools } from './offline-tools';
import { explainGraph } from './offline-explain';
import { fixMechanically } from './offline-fix';
import { EditPlan } from './offline-plan';
import { removeNamed } from './offline-remove';
import { buildFromTemplate, rankTemplates, simplestTemplate } from './offline-templates';
import {
  asksToBuild,
  type Concept,
  conceptsIn,
  NODE_CONCEPTS,
  offlineIntent,
  requestedLanguage,
  TOOL_CONCEPTS,
} from './offline-words';
import {
  CopilotError,
  type CopilotOutcome,
  type CopilotTemplate,
  type CopilotTurnInput,
  OFFLINE_COPILOT_LABEL,
} from './types';

const CAPABILITIES = `Without a model I can:
- build an agent on a blank canvas from a description (“a chatbot that remembers the conversation”, “a support bot that answers from our docs”),
- add memory (“add memory”),
- make it answer in a language (“answer in Chinese”),
- add a tool (“add a calculator tool”; also HTTP request, code, current time, MCP, knowledge search, another agent),
- remove a node (“remove the memory”),
- fix the problems the Problems panel lists (“fix the problems”),
- explain the graph (“explain”, “why does this fail?”).
Choose a model credential in Settings → Copilot and I will understand any request.`;

/** Only a Chat Input and a Chat Output, or nothing: what a new agent starts with. */
function isBlankCanvas(graph: Graph, registry: NodeRegistry): boolean {
  const triggers = graph.nodes.filter((node) => registry.get(node.type)?.trigger);
  const answers = graph.nodes.filter((node) => registry.get(node.type)?.collectsAnswer);
  return (
    triggers.length <= 1 && answers.length <= 1 && triggers.length + answers.length === graph.nodes.length
  );
}

/** Applies the memory, language and tool requests a message makes that the graph does not satisfy yet. */
function applyChanges(plan: EditPlan, input: OfflineInput, building: boolean): string[] {
  const asked = conceptsIn(input.message);
  const has = (type: string) => plan.graph.nodes.some((node) => node.type === type);
  const notes: string[] = [];
  // A template that already remembers needs no word about it; a change request on such a graph does.
  const remembers = plan.graph.nodes.some((node) => plan.definition(node)?.provides === 'memory');
  if (asked.has('memory') && !(building && remembers)) notes.push(...addMemory(plan));
  const language = requestedLanguage(input.message);
  if (language) notes.push(...answerIn(plan, language));
  const tools = [...asked].filter((concept) => TOOL_CONCEPTS.has(concept) && !has(concept));
  if (tools.length > 0) notes.push(...addTools(plan, tools, input.workspace, input.message));
  return notes;
}

/** Capabilities asked for that the graph still lacks, said plainly. */
function unmet(plan: EditPlan, message: string): string[] {
  // Memory and tools were attempted (and reported) by applyChanges; the rest cannot be added offline.
  const missing = [...conceptsIn(message)].filter(
    (concept: Concept) =>
      NODE_CONCEPTS.has(concept) &&
      !TOOL_CONCEPTS.has(concept) &&
      concept !== 'memory' &&
      !plan.graph.nodes.some((node) => node.type === concept),
  );
  return missing.map(
    (type) =>
      `You also asked for ${plan.registry.get(type)?.title ?? type}, which I cannot add to this graph without a model: add it from the palette, or choose a model in Settings → Copilot.`,
  );
}

type OfflineInput = CopilotTurnInput & { templates: CopilotTemplate[] };
type Draft = { text: string; plan?: EditPlan };

function build(input: OfflineInput): Draft {
  const ranked = rankTemplates(input.templates, input.message);
  const asked = conceptsIn(input.message).size > 0;
  // When capabilities are asked for, a template must offer at least one of them to be a starting point.
  let candidates = ranked
    .filter(({ score, matched }) => score > 0 && (!asked || matched > 0))
    .map(({ template }) => template);
  if (candidates.length === 0 && !asked && (ranked.length > 0 || asksToBuild(input.message))) {
    // "a support bot", "an assistant": nothing specific asked, so the closest (or simplest) graph will do.
    const fallback = ranked[0]?.template ?? simplestTemplate(input.templates);
    candidates = fallback ? [fallback] : [];
  }
  const skipped: string[] = [];
  for (const template of candidates) {
    const plan = new EditPlan(input.graph, input.registry);
    const built = buildFromTemplate(plan, template, input.workspace, input.message);
    if (!built.ok) {
      skipped.push(built.reason);
      continue;
    }
    const notes = [...built.notes, ...applyChanges(plan, input, true), ...unmet(plan, input.message)];
    const problems = plan.problems();
    if (problems.length > 0) {
      const what = [...built.notes, ...problems.map((problem) => problem.message)];
      skipped.push(
        `“${template.name}” would fit, but it cannot run here yet: ${[...new Set(what)].join(' ')}`,
      );
      continue;
    }
    const offline = plan.graph.nodes.filter(
      (node) => plan.definition(node)?.provides === 'model' && settingsOf(plan, node).provider === 'offline',
    );
    if (offline.length > 0) {
      const credentials = input.workspace.credentials.map((credential) => `“${credential.name}”`);
      const pick = credentials.length > 0 ? ` (the workspace has ${credentials.join(', ')})` : '';
      notes.push(
        `Its Model nodes use the offline model, so it runs right away; pick a provider and credential on them for real answers${pick}.`,
      );
    }
    const text = [
      `I built “${template.name}” from its template: ${template.description}`,
      ...skipped,
      ...notes,
    ];
    return { text: text.join('\n\n'), plan };
  }
  if (skipped.length > 0) {
    return {
      text: `I could not build this offline.\n\n${skipped.join('\n\n')}\n\nAdd what is missing and ask again, or choose a model in Settings → Copilot.`,
    };
  }
  const opening =
    asksToBuild(input.message) || asked
      ? 'I found no template that fits this description.'
      : 'I did not understand that.';
  return { text: `${opening} ${CAPABILITIES}` };
}

function change(input: OfflineInput, plan: EditPlan): Draft {
  const notes = applyChanges(plan, input, false);
  return { text: notes.length > 0 ? notes.join('\n\n') : CAPABILITIES, plan };
}

function fix(plan: EditPlan): Draft {
  if (plan.problems().length === 0)
    return { text: 'There is nothing to fix: the graph has no problems and can run.' };
  const report = fixMechanically(plan);
  const fixed = report.fixed.map((line) => `- ${line}`).join('\n');
  if (report.left.length === 0) return { text: `I fixed every problem:\n${fixed}`, plan };
  const could = report.fixed.length > 0 ? `I could repair some of it:\n${fixed}\n\n` : '';
  return {
    text: `${could}These problems need a person (or a model) to decide, so I propose no change:\n${describeProblems(report.left)}\n\nFix them on the canvas, or choose a model in Settings → Copilot, then ask again.`,
  };
}

/**
 * The Copilot without a model: it recognises a few kinds of request by their words and answers them
 * deterministically, from the templates and the node catalog. Every change goes through
 * `applyCopilotEdit`, and a change is proposed only when the result validates.
 */
export async function runOfflineCopilot(input: OfflineInput): Promise<CopilotOutcome> {
  if (input.signal?.aborted) throw new CopilotError('aborted', 'The Copilot turn was cancelled.');
  const blank = isBlankCanvas(input.graph, input.registry);
  const plan = new EditPlan(input.graph, input.registry);
  let draft: Draft;
  switch (offlineIntent(input.message, blank)) {
    case 'explain':
      draft = { text: explainGraph(input.graph, input.registry) };
      break;
    case 'fix':
      draft = fix(plan);
      break;
    case 'build':
      draft = build(input);
      break;
    case 'remove': {
      const removed = removeNamed(plan, input.message);
      draft = { text: removed.understood ? removed.notes.join('\n\n') : CAPABILITIES, plan };
      break;
    }
    case 'change':
      draft = change(input, plan);
      break;
    default:
      draft = { text: `I did not understand that. ${CAPABILITIES}` };
  }
  return finish(input, draft);
}

/** Validates a drafted change (repairing mechanically what it can), then reports and returns the outcome. */
function finish(input: OfflineInput, draft: Draft): CopilotOutcome {
  let text = draft.text;
  let proposal = draft.plan && draft.plan.edits.length > 0 ? draft.plan : undefined;
  if (proposal && proposal.problems().length > 0) {
    const repaired = fixMechanically(proposal);
    if (repaired.left.length === 0) {
      text += `\n\nTo keep the graph valid I also:\n${repaired.fixed.map((line) => `- ${line}`).join('\n')}`;
    } else {
      text += `\n\nI propose no change: the graph would still have these problems:\n${describeProblems(repaired.left)}\nAsk me to “fix the problems” first, or fix them on the canvas.`;
      proposal = undefined;
    }
  }
  const content = `${OFFLINE_COPILOT_LABEL}: ${text}`;
  if (proposal) for (const edit of proposal.edits) input.onEvent?.({ type: 'edit', edit, applied: true });
  input.onEvent?.({ type: 'text', delta: content });
  return proposal
    ? { content, edits: proposal.edits, graph: proposal.graph }
    : { content, edits: [], graph: null };
}
