import { hasToolCall, isStepCount, type ModelMessage, type StopCondition, type ToolSet } from 'ai';
import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { ChatMessage } from '../format/values';
import { portId } from '../format/ids';
import type { AgentLoopState } from '../runtime/checkpoint';
import { attachFiles, withoutFiles } from './message-files';
import { modelCallObserver, streamModelCall } from './model-call';
import { WaitForAnswer } from '../runtime/wait';
import { settlePendingCall, ToolApprovalGate, toolQuestion } from './agent-approval';
import { addFinishTool, buildToolSet, deadlinePassed, FINISH_TOOL, tokensUsedAtLeast } from './agent-toolset';
import { ui } from './config-ui';
import { defineNode, type NodeEvent } from './node-definition';
import { answerPort, outputFormatSchema, structuredSchema } from './output-format';
import { structuredAnswer } from './structured-output';

const PROMPT = portId('prompt');
const MODEL = portId('model');
const TOOLS = portId('tools');
const MEMORY = portId('memory');
const FILES = portId('files');
const TEXT = portId('text');
const REPORT = portId('report');

const INPUTS: readonly PortSpec[] = [
  {
    id: PROMPT,
    type: 'messages',
    label: 'Prompt',
    required: true,
    description: 'The request, or the goal in autonomous mode.',
  },
  {
    id: MODEL,
    type: 'model',
    label: 'Model',
    required: true,
    description: 'The model that thinks and picks tools.',
  },
  { id: TOOLS, type: 'tool', label: 'Tools', multiple: true, description: 'Tools the agent may call.' },
  { id: MEMORY, type: 'memory', label: 'Memory', description: 'Earlier turns of this conversation.' },
  {
    id: FILES,
    type: 'files',
    label: 'Files',
    description: 'Images and documents from the chat, given to the model with the last user message.',
  },
];
const OUTPUTS: readonly PortSpec[] = [
  { id: TEXT, type: 'text', label: 'Text', description: 'The final answer, streamed.' },
  { id: REPORT, type: 'json', label: 'Report', description: 'Why it stopped, steps, tokens and tool calls.' },
];

/** Why an agent stopped. */
export type AgentStopReason = 'completed' | 'finished' | 'step_budget' | 'token_budget' | 'time_budget';

const STOP_NOTES: Record<AgentStopReason, string | undefined> = {
  completed: undefined,
  finished: undefined,
  step_budget: 'its step budget ran out',
  token_budget: 'its token budget ran out',
  time_budget: 'its time budget ran out',
};

const autonomyInstructions = (steps: number) =>
  `You work autonomously towards the user's goal. Plan the next action, act with a tool, observe the result, and repeat. You have at most ${steps} steps. When the goal is reached, call the "${FINISH_TOOL}" tool with the final answer.`;

/** Agent: a model that calls tools in a loop; in autonomous mode it works until done or out of budget. */
export const agentNode = defineNode({
  type: 'agent',
  title: 'Agent',
  group: 'Agents',
  description:
    'A model that uses tools to get things done. Autonomous mode plans, acts and observes until the goal is met.',
  config: z.object({
    instructions: z
      .string()
      .max(20_000)
      .default('You are a helpful assistant. Use the tools when they help.')
      .describe('Who the agent is and how it should work.')
      .meta(ui({ multiline: true })),
    mode: z
      .enum(['chat', 'autonomous'])
      .default('chat')
      .describe('Chat answers the request; autonomous pursues it as a goal until it calls "finish".'),
    maxSteps: z.number().int().min(1).max(100).default(10).describe('Most model calls per run.'),
    maxTokens: z
      .number()
      .int()
      .min(100)
      .optional()
      .describe('Token budget for autonomous mode.')
      .meta(ui({ advanced: true })),
    maxDurationMs: z
      .number()
      .int()
      .min(1000)
      .optional()
      .describe('Time budget for autonomous mode.')
      .meta(ui({ advanced: true })),
    output: outputFormatSchema,
  }),
  streamsText: true,
  inputs: () => INPUTS,
  outputs: (config) => [answerPort(OUTPUTS[0]!, config.output), OUTPUTS[1]!],
  validate: (config) =>
    // An autonomous agent's answer is the free text it hands to "finish"; only chat mode ends in a reply.
    config.mode === 'autonomous' && config.output.type === 'json'
      ? [
          {
            code: 'invalid_config',
            path: ['output'],
            message: 'JSON output works in chat mode: switch the mode to chat or the output to text.',
            params: { reason: 'json_needs_chat_mode' },
          },
        ]
      : [],
  async *run(inputs, context) {
    const { config, signal, nodeId, budget } = context;
    const resource = inputs.model(MODEL)!;
    const prompt = attachFiles(inputs.messages(PROMPT)!, inputs.files(FILES));
    const memory = inputs.memory(MEMORY);
    const toolResources = inputs.tools(TOOLS);
    const gate = new ToolApprovalGate(signal);
    // A loop that was stopped (a tool approval, a crash) continues after its last step: tools that ran stay run.
    const answer = context.answer;
    const loop = context.loopState;
    const failedToolCalls = new Set<string>(loop?.failedToolCalls);
    const tools: ToolSet = buildToolSet(toolResources, failedToolCalls, gate.signal, nodeId, gate);
    const autonomous = config.mode === 'autonomous';
    const schema = structuredSchema(config.output);
    // The steps a continued loop kept count against its plan, which its instructions state unchanged.
    const keptSteps = loop?.steps ?? 0;
    const plannedSteps = Math.max(1, Math.min(config.maxSteps, budget.remainingSteps() + keptSteps));
    const maxSteps = Math.max(1, plannedSteps - keptSteps);
    const tokenLimit = Math.min(config.maxTokens ?? Number.POSITIVE_INFINITY, budget.remainingTokens());
    const deadline =
      performance.now() + Math.min(config.maxDurationMs ?? Number.POSITIVE_INFINITY, budget.remainingMs());
    let summary: string | undefined;
    const stopWhen: StopCondition<ToolSet>[] = [
      isStepCount(maxSteps),
      tokensUsedAtLeast(tokenLimit),
      deadlinePassed(deadline),
    ];
    if (autonomous) {
      addFinishTool(tools, (text) => (summary = text), nodeId);
      stopWhen.push(hasToolCall(FINISH_TOOL));
    }
    const transcript = [...(loop?.messages ?? [])] as ModelMessage[];
    const toolEvents = [...(loop?.toolEvents ?? [])] as NodeEvent[];
    const state = {
      text: loop?.text ?? '',
      reasoning: loop?.reasoning ?? '',
      steps: loop?.steps ?? 0,
      usage: { ...loop?.usage },
    };
    const snapshot = (): AgentLoopState => ({
      messages: [...transcript],
      text: state.text,
      ...(state.reasoning ? { reasoning: state.reasoning } : {}),
      steps: state.steps,
      usage: { inputTokens: state.usage.inputTokens ?? 0, outputTokens: state.usage.outputTokens ?? 0 },
      toolEvents: [...toolEvents],
      failedToolCalls: [...failedToolCalls],
    });
    if (loop) {
      // Replay what the loop reported before it stopped (UIs dropped it at node-restart): its reasoning,
      // its text, then its tool calls, each in one piece.
      if (loop.reasoning) yield { type: 'reasoning-delta', text: loop.reasoning };
      if (loop.text) yield { type: 'text-delta', text: loop.text };
      yield* toolEvents;
    }
    if (loop?.pending) {
      if (!answer) throw toolQuestion(loop.pending);
      const settled = await settlePendingCall(loop.pending, answer, toolResources, signal);
      if (settled.failed) failedToolCalls.add(loop.pending.toolCallId);
      toolEvents.push(settled.event);
      transcript.push(settled.message);
      yield settled.event;
      // Saved at once, so a crash from here on does not run the approved tool a second time.
      context.saveLoopState?.(snapshot());
    }
    const history = memory ? await memory.load() : [];
    const call = streamModelCall({
      resource,
      messages: [...history, ...prompt],
      instructions: autonomous
        ? `${config.instructions}\n\n${autonomyInstructions(plannedSteps)}`
        : config.instructions,
      tools: Object.keys(tools).length > 0 ? tools : undefined,
      stopWhen,
      signal: gate.signal,
      failedToolCalls,
      continuation: loop ? [...transcript] : undefined,
      initialText: state.text,
      transcript,
      observe: modelCallObserver(context),
      files: { store: context.services.files, nodeId },
      structured: schema && { schema, name: config.output.name },
    });
    let step: IteratorResult<NodeEvent, Awaited<ReturnType<typeof call.next>>['value']>;
    try {
      for (step = await call.next(); !step.done; step = await call.next()) {
        const event = step.value;
        if (event.type === 'text-delta') state.text += event.text;
        else if (event.type === 'reasoning-delta') state.reasoning += event.text;
        else if (event.type === 'tool-call' || event.type === 'tool-result') toolEvents.push(event);
        yield event;
        if (event.type === 'usage') {
          state.steps += 1;
          state.usage.inputTokens = (state.usage.inputTokens ?? 0) + event.inputTokens;
          state.usage.outputTokens = (state.usage.outputTokens ?? 0) + event.outputTokens;
          // Only a step that ran tools leads to another; after the last one the node is about to end.
          const calledFinish = toolEvents.some(
            (toolEvent) => toolEvent.type === 'tool-call' && toolEvent.toolName === FINISH_TOOL,
          );
          if (transcript.at(-1)?.role === 'tool' && !calledFinish) context.saveLoopState?.(snapshot());
        }
      }
    } catch (error) {
      if (error instanceof WaitForAnswer && gate.pending)
        context.saveLoopState?.({ ...snapshot(), pending: gate.pending });
      throw error;
    }
    const result = step.value as Exclude<typeof step.value, NodeEvent>;

    const stoppedOnTools = result.finishReason === 'tool-calls';
    let stopReason: AgentStopReason = 'completed';
    if (result.lastStepToolNames.includes(FINISH_TOOL)) stopReason = 'finished';
    else if (stoppedOnTools && result.inputTokens + result.outputTokens >= tokenLimit)
      stopReason = 'token_budget';
    else if (stoppedOnTools && performance.now() >= deadline) stopReason = 'time_budget';
    else if (stoppedOnTools && result.steps >= maxSteps) stopReason = 'step_budget';

    const structured = schema ? yield* structuredAnswer(result.text, schema, nodeId) : undefined;
    let text = structured ? structured.text : result.text;
    const addText = (extra: string) => {
      const delta = text ? `\n\n${extra}` : extra;
      text += delta;
      return delta;
    };
    if (summary && !text.includes(summary)) yield { type: 'text-delta', text: addText(summary) };
    const note = STOP_NOTES[stopReason];
    if (note && autonomous)
      yield { type: 'text-delta', text: addText(`(Stopped before finishing: ${note}.)`) };

    if (memory) {
      const turn: ChatMessage[] = [];
      const lastUser = prompt.findLast((message) => message.role === 'user');
      if (lastUser) turn.push(withoutFiles(lastUser));
      turn.push({ role: 'assistant', content: text });
      await memory.append(turn);
    }
    const report = {
      mode: config.mode,
      stopReason,
      steps: state.steps,
      usage: { inputTokens: state.usage.inputTokens ?? 0, outputTokens: state.usage.outputTokens ?? 0 },
      failedToolCalls: failedToolCalls.size,
    };
    return { text: structured ? structured.value : text, report };
  },
});
