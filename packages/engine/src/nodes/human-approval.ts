import { z } from 'zod';
import { EngineError } from '../errors';
import type { PortSpec } from '../format/port-types';
import { portId } from '../format/ids';
import { WaitForAnswer } from '../runtime/wait';
import { ui } from './config-ui';
import { defineNode } from './node-definition';

const TEXT = portId('text');
/** The branch taken when nobody answered in time. */
export const TIMEOUT_BRANCH = 'timeout';
/** The output with the person's answer: choice, form values, reason. */
export const RESPONSE_PORT = 'response';
const RESERVED = new Set([TIMEOUT_BRANCH, RESPONSE_PORT]);

const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'Use lowercase letters, digits, _ or -, starting with a letter.');

const choiceSchema = z.object({
  id: idSchema
    .refine((id) => !RESERVED.has(id), `"${TIMEOUT_BRANCH}" and "${RESPONSE_PORT}" are built-in outputs.`)
    .describe('Button id; also the output port id.'),
  label: z.string().min(1).max(60).describe('Text on the button.'),
});

const fieldSchema = z.object({
  name: idSchema.describe('Key of the value in the response.'),
  label: z.string().min(1).max(100),
  type: z.enum(['text', 'number', 'boolean']).default('text'),
  required: z.boolean().default(false),
});

function unique<Item>(key: (item: Item) => string, what: string) {
  return (items: Item[], context: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(key(item)))
        context.addIssue({ code: 'custom', path: [index], message: `${what} "${key(item)}" appears twice.` });
      seen.add(key(item));
    });
  };
}

const configSchema = z.object({
  message: z
    .string()
    .min(1)
    .max(5_000)
    .default('Please review:\n\n{{text}}')
    .describe('What the person reads; {{text}} is replaced by the input.')
    .meta(ui({ multiline: true })),
  choices: z
    .array(choiceSchema)
    .min(1)
    .max(6)
    .default([
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ])
    .superRefine(unique((choice) => choice.id, 'Choice'))
    .describe('Buttons the person picks from; each is a branch.'),
  form: z
    .array(fieldSchema)
    .max(5)
    .default([])
    .superRefine(unique((field) => field.name, 'Field'))
    .describe('Short form the person fills in with the answer.')
    .meta(ui({ advanced: true })),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(90 * 24 * 3600)
    .optional()
    .describe('Take the "timeout" branch when nobody answers in time.'),
  audience: z
    .enum(['operator', 'visitor'])
    .default('operator')
    .describe('Who answers: an operator of the workspace, or the visitor in the chat.'),
});

type ApprovalConfig = z.infer<typeof configSchema>;

function outputs(config: ApprovalConfig): PortSpec[] {
  const ports = config.choices.map(
    (choice): PortSpec => ({ id: portId(choice.id), type: 'text', label: choice.label }),
  );
  if (config.timeoutSeconds !== undefined)
    ports.push({ id: portId(TIMEOUT_BRANCH), type: 'text', label: 'Timeout' });
  ports.push({
    id: portId(RESPONSE_PORT),
    type: 'json',
    label: 'Response',
    description: 'The choice, the form values and the reason.',
  });
  return ports;
}

/**
 * Human approval: stops the run until a person picks a choice (the run is `waiting` meanwhile, holding
 * nothing), then sends the text down that choice's branch, like a Condition.
 */
export const humanApprovalNode = defineNode({
  type: 'human-approval',
  title: 'Human approval',
  group: 'Logic',
  description:
    'Waits for a person to approve, reject or pick a button, optionally with a short form, then routes by the answer.',
  config: configSchema,
  inputs: () => [{ id: TEXT, type: 'text', label: 'Text', required: true, description: 'What to review.' }],
  outputs,
  run(inputs, { config, answer, services, nodeId }) {
    const text = inputs.text(TEXT) ?? '';
    if (!answer) {
      const timeoutAt =
        config.timeoutSeconds === undefined
          ? undefined
          : new Date(services.clock.now().getTime() + config.timeoutSeconds * 1000).toISOString();
      throw new WaitForAnswer({
        kind: 'approval',
        message: config.message.replaceAll('{{text}}', text),
        choices: config.choices,
        ...(config.form.length > 0 ? { form: config.form } : {}),
        audience: config.audience,
        ...(timeoutAt ? { timeoutAt } : {}),
      });
    }
    if ('timedOut' in answer) {
      if (config.timeoutSeconds === undefined)
        throw new EngineError('invalid_parameter', 'This approval has no timeout branch.', { nodeId });
      return { [TIMEOUT_BRANCH]: text, [RESPONSE_PORT]: { timedOut: true } };
    }
    const response = { choice: answer.choice, form: answer.form ?? {}, reason: answer.reason ?? '' };
    return { [answer.choice]: text, [RESPONSE_PORT]: response };
  },
});
