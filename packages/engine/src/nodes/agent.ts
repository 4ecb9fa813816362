import { hasToolCall, isStepCount, type StopCondition, type ToolSet } from 'ai';
import { z } from 'zod';
import type { PortSpec } from '../graph/port-types';
import type { ChatMessage } from '../graph/values';
import { portId } from '../ids';
import { streamModelCall } from '../runtime/model-call';
import { addFinishTool, buildToolSet, deadlinePassed, FINISH_TOOL, tokensUsedAtLeast } from './agent-toolset';
import { ui } from './config-ui';
import { defineNode } from './node-definition';

const PROMPT = portId('prompt');
const MODEL = portId('model');
const TOOLS = portId('tools');
const MEMORY = portId('memory');
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
  }),
  streamsText: true,
  inputs: () => INPUTS,
  outputs: () => OUTPUTS,
  async *run(inputs, context) {
    const { config, signal, nodeId, budget } = context;
    const resource = inputs.model(MODEL)!;
    const prompt = inputs.messages(PROMPT)!;
    const memory = inputs.memory(MEMORY);
    const failedToolCalls = new Set<string>();
    const tools: ToolSet = buildToolSet(inputs.tools(TOOLS), failedToolCalls, signal, nodeId);
    const autonomous = config.mode === 'autonomous';
    const maxSteps = Math.max(1, Math.min(config.maxSteps, budget.remainingSteps()));
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
    const history = memory ? await memory.load() : [];
    const result = yield* streamModelCall({
      resource,
      messages: [...history, ...prompt],
      instructions: autonomous
        ? `${config.instructions}\n\n${autonomyInstructions(maxSteps)}`
        : config.instructions,
      tools: Object.keys(tools).length > 0 ? tools : undefined,
      stopWhen,
      signal,
      failedToolCalls,
    });

    const stoppedOnTools = result.finishReason === 'tool-calls';
    let stopReason: AgentStopReason = 'completed';
    if (result.lastStepToolNames.includes(FINISH_TOOL)) stopReason = 'finished';
    else if (stoppedOnTools && result.inputTokens + result.outputTokens >= tokenLimit)
      stopReason = 'token_budget';
    else if (stoppedOnTools && performance.now() >= deadline) stopReason = 'time_budget';
    else if (stoppedOnTools && result.steps >= maxSteps) stopReason = 'step_budget';

    let text = result.text;
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
      if (lastUser) turn.push(lastUser);
      turn.push({ role: 'assistant', content: text });
      await memory.append(turn);
    }
    const report = {
      mode: config.mode,
      stopReason,
      steps: result.steps,
      usage: { inputTokens: result.inputTokens, outputTokens: result.outputTokens },
      failedToolCalls: failedToolCalls.size,
    };
    return { text, report };
  },
});
