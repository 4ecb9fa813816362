import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { ToolExecuteOptions, ToolResource } from '../format/values';
import { portId } from '../format/ids';

/** The single output of every tool node. */
export const TOOL_PORT = portId('tool');

/** Output ports of a tool node: one `tool` resource for an Agent. */
export const TOOL_OUTPUTS: readonly PortSpec[] = [
  { id: TOOL_PORT, type: 'tool', label: 'Tool', description: 'Connect to an Agent’s Tools input.' },
];

/** Config field for the name the model calls a tool by (providers accept [a-zA-Z0-9_-], 64 max). */
export function toolNameField(defaultName: string) {
  return z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'Use letters, digits, _ or -, start with a letter, at most 64.')
    .default(defaultName)
    .describe('Name the agent calls this tool by.');
}

/** Config field for the description the model reads to decide when to call a tool. */
export function toolDescriptionField(defaultDescription: string) {
  return z
    .string()
    .max(2000)
    .default(defaultDescription)
    .describe('Tells the model when and how to use the tool.');
}

/** Config field: the agent asks a person before each call of this tool (the run waits meanwhile). */
export function askBeforeRunningField() {
  return z
    .boolean()
    .default(false)
    .describe('Ask a person to approve each call, with its arguments, before it runs.');
}

/** A tool resource whose input schema is a zod schema (every built-in tool node makes these). */
export type ZodToolResource = ToolResource & { readonly inputSchema: z.ZodType };

/** Builds a tool resource. */
export function createToolResource<Input>(tool: {
  name: string;
  askBeforeRunning?: boolean;
  description: string;
  inputSchema: z.ZodType<Input>;
  execute: (input: Input, options: ToolExecuteOptions) => Promise<unknown>;
}): ZodToolResource {
  return {
    kind: 'tool',
    name: tool.name,
    ...(tool.askBeforeRunning ? { askBeforeRunning: true } : {}),
    description: tool.description,
    inputSchema: tool.inputSchema,
    execute: (input, options) => tool.execute(input as Input, options),
  };
}
