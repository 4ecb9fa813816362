import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { MemoryResource } from '../format/values';
import { portId } from '../format/ids';
import { ui } from './config-ui';
import { defineNode } from './node-definition';

const MEMORY = portId('memory');
const OUTPUTS: readonly PortSpec[] = [
  { id: MEMORY, type: 'memory', label: 'Memory', description: 'Connect to a Model or Agent.' },
];

/** Memory: the last N messages of the conversation, kept in the run's storage. */
export const memoryNode = defineNode({
  type: 'memory',
  title: 'Conversation Memory',
  group: 'Memory',
  description: 'Remembers the last messages of each conversation so the model can refer back to them.',
  config: z.object({
    windowSize: z
      .number()
      .int()
      .min(1)
      .max(200)
      .default(20)
      .describe('How many recent messages to remember.'),
    memoryKey: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Share one memory between nodes by giving them the same key. Default: this node’s id.')
      .meta(ui({ advanced: true })),
  }),
  provides: 'memory',
  inputs: () => [],
  outputs: () => OUTPUTS,
  run: (_inputs, { config, nodeId, services }) => {
    const memoryKey = config.memoryKey ?? nodeId;
    const { storage, conversationId } = services;
    const memory: MemoryResource = {
      kind: 'memory',
      load: () => storage.loadMessages({ conversationId, memoryKey, limit: config.windowSize }),
      append: (messages) => storage.appendMessages({ conversationId, memoryKey, messages }),
    };
    return { memory };
  },
});
