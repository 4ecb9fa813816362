import { z } from 'zod';
import { getCurrentTime } from '../tools/current-time';
import { defineNode } from './node-definition';
import {
  askBeforeRunningField,
  createToolResource,
  TOOL_OUTPUTS,
  toolDescriptionField,
  toolNameField,
} from './tool-resource';

const inputSchema = z.object({
  timeZone: z
    .string()
    .max(64)
    .optional()
    .describe('IANA time zone such as "Europe/Paris"; default: the configured one.'),
});

function isTimeZone(name: string): boolean {
  try {
    getCurrentTime(() => new Date(0), name);
    return true;
  } catch {
    return false;
  }
}

/** Current Time tool: the date and time from the run's clock, in a time zone. */
export const currentTimeToolNode = defineNode({
  type: 'current-time-tool',
  title: 'Current Time',
  group: 'Tools',
  description: 'Tells an agent today’s date and the time, in a time zone you choose.',
  config: z.object({
    name: toolNameField('current_time'),
    askBeforeRunning: askBeforeRunningField(),
    description: toolDescriptionField('Returns the current date and time.'),
    timeZone: z
      .string()
      .max(64)
      .default('UTC')
      .refine(isTimeZone, 'Use an IANA time zone name such as "UTC" or "Europe/Paris".')
      .describe('Time zone used when the agent does not ask for another.'),
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
      execute: async ({ timeZone }) =>
        getCurrentTime(() => services.clock.now(), timeZone ?? config.timeZone),
    }),
  }),
});
