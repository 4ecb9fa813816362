import { jsonSchema, tool } from 'ai';

/** The calculator tool as a model sees it in wire tests (no execute: the tests read the call). */
export const calculatorTool = tool({
  description: 'Evaluate an arithmetic expression.',
  inputSchema: jsonSchema<{ expression: string }>({
    type: 'object',
    properties: { expression: { type: 'string' } },
    required: ['expression'],
  }),
});
