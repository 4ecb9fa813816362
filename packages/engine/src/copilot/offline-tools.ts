import type { GraphNode } from '../format/graph-schema';
import type { CopilotEditOf } from './edit-schema';
import { nameOf, settingsOf } from './offline-changes';
import type { EditPlan } from './offline-plan';
import { pickResources } from './offline-resources';
import type { CopilotWorkspace } from './types';

/** Adds tool nodes of the given types to the graph's Agent (turning a plain Model chatbot into an Agent first). */
export function addTools(
  plan: EditPlan,
  types: readonly string[],
  workspace: CopilotWorkspace,
  request: string,
): string[] {
  const notes: string[] = [];
  const before = plan.mark();
  let agent = plan.graph.nodes.find((node) => plan.input(node, 'tool'));
  const upgraded = !agent;
  if (!agent) {
    agent = upgradeToAgent(plan);
    if (!agent) return ['Tools need an Agent, and there is no Model answering here to turn into one.'];
    notes.push(`Replaced the plain model answer with an Agent (${nameOf(agent)}), which can call tools.`);
  }
  const afterUpgrade = plan.edits.length;
  const toolsInput = plan.input(agent, 'tool')!;
  const attached = plan.edgesInto(agent, toolsInput).map((edge) => plan.node(edge.source)!);
  const names = new Set(attached.map((node) => settingsOf(plan, node).name).filter(Boolean));
  for (const type of types) {
    const definition = plan.registry.get(type);
    if (definition?.provides !== 'tool') continue;
    if (attached.some((node) => node.type === type)) {
      notes.push(`${nameOf(agent)} already has a ${definition.title} tool.`);
      continue;
    }
    const parsed = definition.config.safeParse({});
    const config = parsed.success ? (parsed.data as Record<string, unknown>) : {};
    const picked = pickResources(
      config,
      plan.settingNames(type),
      `The ${definition.title} tool`,
      workspace,
      request,
    );
    if (picked.missing) {
      notes.push(`I did not add the ${definition.title} tool: ${picked.missing}.`);
      continue;
    }
    const settings: Record<string, unknown> = { ...picked.config };
    if (typeof config.name === 'string' && names.has(config.name)) settings.name = `${config.name}_2`;
    // "calculator" reads better than "calculator-tool", unless that name is taken ("agent").
    const short = type.replace(/-tools?$/, '');
    const id = plan.node(short) ? plan.uniqueId(type) : short;
    const mark = plan.mark();
    const added =
      plan.apply({ op: 'addNode', id, type, config: settings, position: plan.below(agent) }) &&
      plan.apply({
        op: 'connect',
        source: id,
        sourceHandle: plan.output(plan.node(id)!, 'tool')!.id,
        target: agent.id,
        targetHandle: toolsInput.id,
      });
    // A tool that would not work as added (it needs a choice only a person can make) is left out.
    const own = added ? plan.problems().filter((problem) => problem.nodeId === id) : [];
    if (!added || own.length > 0) {
      plan.rollback(mark);
      const why = own.map((problem) => problem.message).join(' ') || plan.refused.at(-1);
      notes.push(`I did not add the ${definition.title} tool: ${why}`);
      continue;
    }
    notes.push(`Added the ${definition.title} tool (“${id}”) to ${nameOf(agent)}.`, ...picked.notes);
  }
  if (upgraded && plan.edits.length === afterUpgrade) {
    // An Agent without the tool it was made for is a change nobody asked for.
    plan.rollback(before);
    return notes.slice(1);
  }
  return notes;
}

/** Puts an Agent where a Model answers: the Model moves below and lends itself to the Agent. */
function upgradeToAgent(plan: EditPlan): GraphNode | undefined {
  const mark = plan.mark();
  const agent = wireAgent(plan);
  if (!agent) plan.rollback(mark);
  return agent;
}

function wireAgent(plan: EditPlan): GraphNode | undefined {
  const agentType = plan.registry.list().find((definition) => {
    const parsed = definition.config.safeParse({});
    const inputs = parsed.success ? definition.inputs(parsed.data) : [];
    return inputs.some((port) => port.type === 'tool') && inputs.some((port) => port.type === 'model');
  });
  const model = plan.graph.nodes.find(
    (node) => plan.output(node, 'model') && plan.input(node, 'messages') && plan.producesData(node),
  );
  if (!agentType || !model) return undefined;
  const into = (type: 'messages' | 'memory') => {
    const port = plan.input(model, type);
    return port ? plan.edgesInto(model, port)[0] : undefined;
  };
  const prompt = into('messages');
  const memory = into('memory');
  const answers = plan.graph.edges.filter(
    (edge) => edge.source === model.id && plan.sourcePort(edge)?.type !== 'model',
  );
  if (!prompt) return undefined;
  const promptPort = plan.sourcePort(prompt)!.id;
  const memoryPort = memory ? plan.sourcePort(memory)?.id : undefined;
  const answerPorts = answers.map((edge) => ({ target: edge.target, port: plan.targetPort(edge)!.id }));
  for (const edge of [prompt, memory, ...answers]) {
    if (edge && !plan.apply({ op: 'disconnect', source: edge.source, target: edge.target })) return undefined;
  }
  const id = plan.uniqueId('agent');
  const at = { ...model.position };
  if (!plan.apply({ op: 'moveNode', nodeId: model.id, position: plan.below(model) })) return undefined;
  if (!plan.apply({ op: 'addNode', id, type: agentType.type, position: at })) return undefined;
  const agent = plan.node(id)!;
  const agentInput = (type: 'messages' | 'memory' | 'model') => plan.input(agent, type)!.id;
  const text = plan.shape(agent)!.outputs.find((port) => port.type === 'text')!.id;
  const wiring: CopilotEditOf<'connect'>[] = [
    {
      op: 'connect',
      source: prompt.source,
      sourceHandle: promptPort,
      target: id,
      targetHandle: agentInput('messages'),
    },
    {
      op: 'connect',
      source: model.id,
      sourceHandle: plan.output(model, 'model')!.id,
      target: id,
      targetHandle: agentInput('model'),
    },
    ...answerPorts.map(({ target, port }) => ({
      op: 'connect' as const,
      source: id,
      sourceHandle: text,
      target,
      targetHandle: port,
    })),
  ];
  if (memory && memoryPort) {
    wiring.push({
      op: 'connect',
      source: memory.source,
      sourceHandle: memoryPort,
      target: id,
      targetHandle: agentInput('memory'),
    });
  }
  for (const step of wiring) if (!plan.apply(step)) return undefined;
  return agent;
}
