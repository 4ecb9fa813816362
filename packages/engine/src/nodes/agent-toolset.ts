import { type StopCondition, tool, type ToolSet } from 'ai';
import { z } from 'zod';
import { EngineError } from '../errors';
import type { ToolResource } from '../format/values';
import type { NodeId } from '../format/ids';

/** Name of the tool an autonomous agent calls when the goal is reached. */
export const FINISH_TOOL = 'finish';

/** Tools for the AI SDK; a failing tool answers `{ error }` so the agent can read it and adapt. */
export function buildToolSet(
  resources: readonly ToolResource[],
  failedToolCalls: Set<string>,
  signal: AbortSignal,
  nodeId: NodeId,
  gate?: { ask(resource: ToolResource, input: unknown, toolCallId: string): Promise<never> },
): ToolSet {
  const tools: ToolSet = {};
  for (const resource of resources) {
    if (Object.hasOwn(tools, resource.name)) {
      throw new EngineError(
        'invalid_parameter',
        `Two tools attached to this agent are named "${resource.name}". Rename one of them.`,
        { nodeId },
      );
    }
    tools[resource.name] = tool({
      description: resource.description,
      inputSchema: resource.inputSchema,
      execute: async (input: unknown, options) => {
        if (resource.askBeforeRunning && gate) return gate.ask(resource, input, options.toolCallId);
        try {
          return await resource.execute(input, {
            signal: options.abortSignal ?? signal,
            toolCallId: options.toolCallId,
          });
        } catch (error) {
          failedToolCalls.add(options.toolCallId);
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
    });
  }
  return tools;
}

/** Adds the `finish` tool; `onFinish` receives the agent's summary. */
export function addFinishTool(tools: ToolSet, onFinish: (summary: string) => void, nodeId: NodeId): void {
  if (Object.hasOwn(tools, FINISH_TOOL)) {
    throw new EngineError(
      'invalid_parameter',
      `An autonomous agent reserves the tool name "${FINISH_TOOL}". Rename the attached tool.`,
      { nodeId },
    );
  }
  tools[FINISH_TOOL] = tool({
    description: 'Call this once the goal is reached, with the final answer for the user.',
    inputSchema: z.object({
      summary: z.string().describe('The final answer: what was done and the result.'),
    }),
    execute: async ({ summary }) => {
      onFinish(summary);
      return { done: true };
    },
  });
}

/** Stops the loop once the steps so far used `limit` tokens or more. */
export function tokensUsedAtLeast(limit: number): StopCondition<ToolSet> {
  return ({ steps }) =>
    steps.reduce((sum, step) => sum + (step.usage.inputTokens ?? 0) + (step.usage.outputTokens ?? 0), 0) >=
    limit;
}

/** Stops the loop once `deadline` (performance.now() time) has passed. */
export function deadlinePassed(deadline: number): StopCondition<ToolSet> {
  return () => performance.now() >= deadline;
}
