import { z } from 'zod';
import { evaluateExpression } from '../tools/calculator';
import { defineNode } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const inputSchema = z.object({
  expression: z
    .string()
    .max(1000)
    .describe('Arithmetic expression, e.g. "(2 + 3) * 4", "2^10" or "sqrt(2) * pi".'),
});

/** Calculator tool: exact arithmetic for an Agent (a real parser, never eval). */
export const calculatorToolNode = defineNode({
  type: 'calculator-tool',
  title: 'Calculator',
  group: 'Tools',
  description: 'Lets an agent do exact arithmetic instead of guessing numbers.',
  config: z.object({
    name: toolNameField('calculator'),
    askBeforeRunning: askBeforeRunningField(),
    description: toolDescriptionField(
      'Evaluates an arithmetic expression exactly. Supports + - * / % ^, parentheses, pi, e, sqrt, round, min, max, log, sin, cos, tan.',
    ),
  }),
  provides: 'tool',
  inputs: () => [],
  outputs: () => TOOL_OUTPUTS,
  run: (_inputs, { config }) => ({
    tool: createToolResource({
      name: config.name,
      askBeforeRunning: config.askBeforeRunning,
      description: config.description,
      inputSchema,
      execute: async ({ expression }) => ({ expression, result: evaluateExpression(expression) }),
    }),
  }),
});
