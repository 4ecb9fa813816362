import type { GraphNode } from '../format/graph-schema';
import type { EditPlan } from './offline-plan';

/** A node as the person knows it: its label, else its id. */
export function nameOf(node: GraphNode): string {
  return `“${node.data.label || node.id}”`;
}

/** A node's settings with its type's defaults filled in ({} when they do not parse). */
export function settingsOf(plan: EditPlan, node: GraphNode): Record<string, unknown> {
  const parsed = plan.definition(node)?.config.safeParse(node.data.config ?? {});
  return parsed?.success ? (parsed.data as Record<string, unknown>) : {};
}

/** Connects a Conversation Memory to the Models or Agents whose answers are used. */
export function addMemory(plan: EditPlan): string[] {
  const memoryType = plan.providers('memory')[0];
  const takers = plan.graph.nodes.filter((node) => plan.input(node, 'memory'));
  if (!memoryType || takers.length === 0) return ['There is no Model or Agent to give a memory to yet.'];
  const answering = takers.filter((node) => plan.producesData(node));
  const targets = (answering.length > 0 ? answering : takers.slice(0, 1)).filter(
    (node) => plan.edgesInto(node, plan.input(node, 'memory')!).length === 0,
  );
  if (targets.length === 0)
    return ['It already remembers the conversation: its model has a memory connected.'];
  let memory = plan.graph.nodes.find(
    (node) => node.type === memoryType.type && !plan.graph.edges.some((edge) => edge.source === node.id),
  );
  if (!memory) {
    const id = plan.uniqueId('memory');
    if (!plan.apply({ op: 'addNode', id, type: memoryType.type, position: plan.below(targets[0]!) }))
      return [];
    memory = plan.node(id)!;
  }
  const output = plan.output(memory, 'memory')!;
  const connected = targets.filter((target) =>
    plan.apply({
      op: 'connect',
      source: memory.id,
      sourceHandle: output.id,
      target: target.id,
      targetHandle: plan.input(target, 'memory')!.id,
    }),
  );
  if (connected.length === 0) return [];
  return [
    `Connected a ${nameOf(memory)} memory to ${connected.map(nameOf).join(' and ')}: it remembers the last messages of each conversation.`,
  ];
}

/** Makes every model answer in a language: one instruction in the Agents' instructions or the Prompts' system messages. */
export function answerIn(plan: EditPlan, language: string): string[] {
  const instruction = `Always answer in ${language}.`;
  const hasKey = (node: GraphNode, key: string) => typeof settingsOf(plan, node)[key] === 'string';
  const targets: { node: GraphNode; key: string }[] = [];
  for (const node of plan.graph.nodes) {
    if (hasKey(node, 'instructions')) targets.push({ node, key: 'instructions' });
    else if (hasKey(node, 'system')) {
      // A Prompt's system message reaches a model only through its messages output, and an Agent's
      // instructions already say it.
      const messages = plan.output(node, 'messages');
      const feeds = messages ? plan.edgesFrom(node, messages) : [];
      const toModel = feeds.some((edge) => {
        const target = plan.node(edge.target);
        return target !== undefined && !hasKey(target, 'instructions');
      });
      if (toModel) targets.push({ node, key: 'system' });
    }
  }
  if (targets.length === 0) return insertInstructionPrompt(plan, instruction);
  const changed: GraphNode[] = [];
  for (const { node, key } of targets) {
    const current = String(settingsOf(plan, node)[key] ?? '');
    if (current.includes(instruction)) continue;
    const earlier = /Always answer in [\p{L} ]+\./u;
    const text = earlier.test(current)
      ? current.replace(earlier, instruction)
      : `${current.trimEnd()}${current.trim() ? '\n\n' : ''}${instruction}`;
    if (plan.apply({ op: 'setConfig', nodeId: node.id, config: { [key]: text } })) changed.push(node);
  }
  if (changed.length === 0) return [`It already answers in ${language}.`];
  return [`Added “${instruction}” to the instructions of ${changed.map(nameOf).join(' and ')}.`];
}

/** For a model fed straight from the Chat Input: a Prompt in between, whose system message holds the instruction. */
function insertInstructionPrompt(plan: EditPlan, instruction: string): string[] {
  const promptType = plan.registry.list().find((definition) => {
    const parsed = definition.config.safeParse({});
    return parsed.success && typeof (parsed.data as Record<string, unknown>).system === 'string';
  });
  const model = plan.graph.nodes.find((node) => plan.input(node, 'messages') && plan.producesData(node));
  const input = model ? plan.input(model, 'messages') : undefined;
  const feed = model && input ? plan.edgesInto(model, input)[0] : undefined;
  if (!promptType || !model || !input || !feed)
    return ['There is no model whose instructions could say that.'];
  const source = plan.node(feed.source)!;
  const id = plan.uniqueId('prompt');
  const ok =
    plan.apply({ op: 'disconnect', source: feed.source, target: model.id }) &&
    plan.apply({
      op: 'addNode',
      id,
      type: promptType.type,
      config: { system: instruction, template: '{{message}}' },
      position: plan.below(source),
    }) &&
    plan.apply({
      op: 'connect',
      source: feed.source,
      sourceHandle: plan.sourcePort(feed)!.id,
      target: id,
      targetHandle: 'message',
    }) &&
    plan.apply({
      op: 'connect',
      source: id,
      sourceHandle: plan.output(plan.node(id)!, 'messages')!.id,
      target: model.id,
      targetHandle: input.id,
    });
  return ok
    ? [`Put a Prompt (“${id}”) before ${nameOf(model)} whose system message says “${instruction}”`]
    : [];
}
