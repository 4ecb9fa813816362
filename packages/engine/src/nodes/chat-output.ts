import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import { portId } from '../format/ids';
import { defineNode } from './node-definition';

const TEXT = portId('text');
const INPUTS: readonly PortSpec[] = [
  {
    id: TEXT,
    type: 'text',
    label: 'Text',
    required: true,
    multiple: true,
    description:
      'The answer. Several edges are fine (one per Condition branch): the texts that arrive are joined.',
  },
];

/** Chat Output: its text is the run's answer. */
export const chatOutputNode = defineNode({
  type: 'chat-output',
  title: 'Chat Output',
  group: 'Inputs/Outputs',
  description: 'Collects the final text: this is what the user sees as the answer.',
  config: z.object({}),
  collectsAnswer: true,
  inputs: () => INPUTS,
  outputs: () => [],
  run: (inputs) => ({ answer: inputs.texts(TEXT).join('\n\n') }),
});
