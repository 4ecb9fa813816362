import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { ModelResource } from '../format/values';
import { portId } from '../format/ids';
import { type ModelCallRequest, modelCallObserver, streamModelCall } from './model-call';
import { matchesRule, regexProblem } from './condition-rules';
import { fieldText, parseJsonValue, readPath } from './prompt-template';
import { ui } from './config-ui';
import { defineNode, type NodeEvent, type NodeOutputs } from './node-definition';

const TEXT = portId('text');
const MODEL = portId('model');
/** The branch taken when no other matches. */
export const ELSE_BRANCH = 'else';
/** A field path: names (or array indexes) joined by dots; empty means the whole text. */
const FIELD_PATH = /^(?:[\w-]{1,64}(?:\.[\w-]{1,64}){0,8})?$/;

const branchSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'Use lowercase letters, digits, _ or -, starting with a letter.')
      .refine((id) => id !== ELSE_BRANCH, `"${ELSE_BRANCH}" is the built-in fallback branch.`)
      .describe('Branch name; also the output port id.'),
    field: z
      .string()
      .max(200)
      .regex(FIELD_PATH, 'Write field names joined by dots, e.g. category or customer.name.')
      .optional()
      .describe(
        'Rules mode: compare this field of the incoming JSON object (e.g. category of a structured answer) instead of the whole text.',
      ),
    operator: z
      .enum(['contains', 'equals', 'starts_with', 'regex'])
      .default('contains')
      .describe('Rules mode: how to compare.'),
    value: z.string().max(500).default('').describe('Rules mode: text (or pattern) to compare with.'),
    caseSensitive: z.boolean().default(false),
    description: z
      .string()
      .max(500)
      .default('')
      .describe('Classify mode: what belongs in this branch.')
      .meta(ui({ multiline: true })),
  })
  .superRefine((branch, context) => {
    const problem = branch.operator === 'regex' ? regexProblem(branch.value) : undefined;
    if (problem) context.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

const configSchema = z.object({
  mode: z
    .enum(['rules', 'classify'])
    .default('rules')
    .describe('Rules compare the text; classify asks a model which branch fits.'),
  branches: z
    .array(branchSchema)
    .min(1)
    .max(20)
    .default([{ id: 'match', operator: 'contains', value: '', caseSensitive: false, description: '' }])
    .superRefine((branches, context) => {
      const seen = new Set<string>();
      branches.forEach((branch, index) => {
        if (seen.has(branch.id))
          context.addIssue({
            code: 'custom',
            path: [index, 'id'],
            message: `Branch "${branch.id}" appears twice.`,
          });
        seen.add(branch.id);
      });
    })
    .describe('Checked in order; the first match wins, otherwise "else".'),
});

type ConditionConfig = z.infer<typeof configSchema>;

const TEXT_INPUT: PortSpec = { id: TEXT, type: 'text', label: 'Text', required: true };
const MODEL_INPUT: PortSpec = {
  id: MODEL,
  type: 'model',
  label: 'Model',
  required: true,
  description: 'Classifies the text.',
};

function branchOutputs(config: ConditionConfig): PortSpec[] {
  const ports = config.branches.map(
    (branch): PortSpec => ({ id: portId(branch.id), type: 'text', label: branch.id }),
  );
  ports.push({ id: portId(ELSE_BRANCH), type: 'text', label: 'Else' });
  return ports;
}

function pickByLabel(config: ConditionConfig, answer: string): string {
  const normalized = answer
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, ' ')
    .trim();
  const exact = config.branches.find((branch) => branch.id === normalized);
  if (exact) return exact.id;
  return config.branches.find((branch) => normalized.split(' ').includes(branch.id))?.id ?? ELSE_BRANCH;
}

/** Condition: routes the text to one branch; the others, and what lies only behind them, are skipped. */
export const conditionNode = defineNode({
  type: 'condition',
  title: 'Condition',
  group: 'Logic',
  description:
    'Sends the text down one branch, by rules or by letting a model classify it. Untaken branches are skipped.',
  config: configSchema,
  routes: true,
  inputs: (config) => (config.mode === 'classify' ? [TEXT_INPUT, MODEL_INPUT] : [TEXT_INPUT]),
  outputs: branchOutputs,
  run(inputs, context) {
    const { config, signal } = context;
    const text = inputs.text(TEXT) ?? '';
    if (config.mode === 'rules') {
      const subject = ruleSubject(text);
      const branch = config.branches.find((candidate) => {
        const compared = subject(candidate.field);
        return compared !== undefined && matchesRule(compared, candidate);
      }) ?? { id: ELSE_BRANCH };
      return { [branch.id]: text };
    }
    return classify(config, text, inputs.model(MODEL)!, signal, modelCallObserver(context));
  },
});

/**
 * What a rule compares: the whole text, or a field of the JSON it carries (a structured answer arrives as
 * JSON text). A field the value lacks matches no rule, so the branch falls through to the next one.
 */
function ruleSubject(text: string): (field: string | undefined) => string | undefined {
  let parsed: { value: unknown } | undefined;
  return (field: string | undefined) => {
    if (!field) return text;
    parsed ??= { value: parseJsonValue(text) };
    const value = readPath(parsed.value, field.split('.'));
    return value === undefined ? undefined : fieldText(value);
  };
}

async function* classify(
  config: ConditionConfig,
  text: string,
  resource: ModelResource,
  signal: AbortSignal,
  observe: ModelCallRequest['observe'],
): AsyncGenerator<NodeEvent, NodeOutputs, void> {
  const categories = config.branches.map((branch) => `- ${branch.id}: ${branch.description || branch.id}`);
  const call = streamModelCall({
    resource: { ...resource, settings: { ...resource.settings, temperature: 0 } },
    instructions: `Classify the user's message into exactly one category. Reply with the category name only, or "${ELSE_BRANCH}" if none fits.\n${categories.join('\n')}`,
    messages: [{ role: 'user', content: text }],
    signal,
    observe,
  });
  // The classification is internal: only usage is reported, never its text.
  let step = await call.next();
  while (!step.done) {
    if (step.value.type === 'usage') yield step.value;
    step = await call.next();
  }
  return { [pickByLabel(config, step.value.text)]: text };
}
