import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import { portId } from '../format/ids';
import { ui } from './config-ui';
import { defineNode } from './node-definition';

const MESSAGE = portId('message');
const HISTORY = portId('history');
const FILES = portId('files');
const OUTPUTS: readonly PortSpec[] = [
  { id: MESSAGE, type: 'text', label: 'Message', description: 'What the user just wrote.' },
  { id: HISTORY, type: 'messages', label: 'History', description: 'Earlier messages the chat client sent.' },
  {
    id: FILES,
    type: 'files',
    label: 'Files',
    description: 'Images and documents sent with the message; connect to a Prompt, Model or Agent.',
  },
];

/** Chat Input: the trigger of every chat run. */
export const chatInputNode = defineNode({
  type: 'chat-input',
  title: 'Chat Input',
  group: 'Inputs/Outputs',
  description: 'Starts the run with the message the user sent, and the history the chat client keeps.',
  config: z.object({
    placeholder: z
      .string()
      .max(200)
      .default('Ask me anything…')
      .describe('Hint shown in the empty chat box.'),
    greeting: z
      .string()
      .max(2000)
      .default('')
      .describe('First message shown in the chat; not sent to the model.')
      .meta(ui({ multiline: true })),
  }),
  trigger: true,
  inputs: () => [],
  outputs: () => OUTPUTS,
  run: (_inputs, context) => ({
    message: context.input.message,
    history: context.input.history ?? [],
    files: context.input.files ?? [],
  }),
});
