import { z } from 'zod';
import { ui } from './config-ui';
import { defineNode } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const inputSchema = z.object({
  input: z
    .string()
    .max(100_000)
    .describe('Data for the code, as JSON or plain text; the code reads it as `input`.'),
});

function parseInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Code tool: runs your JavaScript in a QuickJS sandbox (no network, no files, time and memory limits). */
export const codeToolNode = defineNode({
  type: 'code-tool',
  title: 'Code',
  group: 'Tools',
  description: 'Runs a JavaScript snippet you wrote in a sandbox, with the agent’s data as `input`.',
  config: z.object({
    name: toolNameField('run_code'),
    askBeforeRunning: askBeforeRunningField(),
    description: toolDescriptionField(
      'Runs a prepared JavaScript function on the given input and returns its result.',
    ),
    code: z
      .string()
      .min(1, 'Write the code to run.')
      .max(50_000)
      .default('return input;')
      .describe('JavaScript; `input` holds the agent’s data; return the result.')
      .meta(ui({ multiline: true, code: 'javascript' })),
    timeoutMs: z.number().int().min(10).max(30_000).default(1_000).describe('Stop the code after this long.'),
    memoryLimitMb: z
      .number()
      .int()
      .min(1)
      .max(256)
      .default(32)
      .describe('Memory the code may use.')
      .meta(ui({ advanced: true })),
  }),
  provides: 'tool',
  inputs: () => [],
  outputs: () => TOOL_OUTPUTS,
  run: (_inputs, { config, services }) => ({
    tool: createToolResource({
      name: config.name,
      askBeforeRunning: config.askBeforeRunning,
      description: config.description,
      inputSchema,
      execute: ({ input }, { signal }) =>
        services.runCode(config.code, {
          input: parseInput(input),
          timeoutMs: config.timeoutMs,
          memoryLimitBytes: config.memoryLimitMb * 1024 * 1024,
          signal,
        }),
    }),
  }),
});
