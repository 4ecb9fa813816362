import { z } from 'zod';
import { EngineError } from '../errors';
import type { PortSpec } from '../format/port-types';
import type { ChatMessage, ModelResource } from '../format/values';
import { portId } from '../format/ids';
import type { ProviderId } from '../providers';
import { attachFiles, withoutFiles } from './message-files';
import { modelFileSupport } from '../providers/model-capabilities';
import { modelCallObserver, streamModelCall } from './model-call';
import { toProviderFailure } from '../runtime/provider-failure';
import { ui } from './config-ui';
import { defineNode, type NodeContext } from './node-definition';
import { answerPort, outputFormatSchema, structuredSchema } from './output-format';
import { structuredAnswer } from './structured-output';

const PROMPT = portId('prompt');
const MEMORY = portId('memory');
const FILES = portId('files');
const TEXT = portId('text');
const MODEL = portId('model');

const INPUTS: readonly PortSpec[] = [
  {
    id: PROMPT,
    type: 'messages',
    label: 'Prompt',
    description: 'Messages to answer (text becomes one user message).',
  },
  { id: MEMORY, type: 'memory', label: 'Memory', description: 'Earlier turns of this conversation.' },
  {
    id: FILES,
    type: 'files',
    label: 'Files',
    description: 'Images and documents from the chat, given to the model with the last user message.',
  },
];
const OUTPUTS: readonly PortSpec[] = [
  { id: TEXT, type: 'text', label: 'Text', description: 'The answer, streamed.' },
  {
    id: MODEL,
    type: 'model',
    label: 'Model',
    description: 'This model and its settings, for an Agent or Condition.',
  },
];

const PROVIDER_IDS = [
  'offline',
  'openai',
  'anthropic',
  'google',
  'openai-compatible',
  'ollama',
] as const satisfies readonly ProviderId[];

/** Settings of a Model node; credentials are referenced by id only. */
export const modelConfigSchema = z.object({
  provider: z.enum(PROVIDER_IDS).default('offline').describe('Who runs the model.'),
  model: z
    .string()
    .max(200)
    .default('')
    .describe('Model name at the provider, e.g. gpt-5-mini. Empty: the provider’s default.'),
  credentialId: z
    .string()
    .max(200)
    .optional()
    .describe('Stored credential holding the API key.')
    .meta(ui({ credential: true })),
  baseURL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Endpoint for OpenAI-compatible servers or proxies.')
    .meta(ui({ advanced: true, placeholder: 'http://127.0.0.1:1234/v1' })),
  temperature: z.number().min(0).max(2).optional().describe('Randomness: 0 is focused, 2 is wild.'),
  topP: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('Nucleus sampling; set this or temperature.')
    .meta(ui({ advanced: true })),
  maxOutputTokens: z.number().int().min(1).max(1_000_000).optional().describe('Longest answer, in tokens.'),
  stop: z
    .array(z.string().min(1).max(100))
    .max(8)
    .optional()
    .describe('Stop when one of these appears.')
    .meta(ui({ advanced: true })),
  presencePenalty: z
    .number()
    .min(-2)
    .max(2)
    .optional()
    .describe('Discourages repeating topics.')
    .meta(ui({ advanced: true })),
  frequencyPenalty: z
    .number()
    .min(-2)
    .max(2)
    .optional()
    .describe('Discourages repeating words.')
    .meta(ui({ advanced: true })),
  seed: z
    .number()
    .int()
    .optional()
    .describe('Same seed, same answer (when the provider supports it).')
    .meta(ui({ advanced: true })),
  output: outputFormatSchema,
});

/** A parsed Model node config. */
export type ModelConfig = z.infer<typeof modelConfigSchema>;

/** Builds the model resource from a Model config: resolves the credential, creates the provider model. */
export async function createModelResource(
  config: ModelConfig,
  context: NodeContext<unknown>,
): Promise<ModelResource> {
  const { secrets, createLanguageModel } = context.services;
  let credential: Awaited<ReturnType<typeof secrets.resolve>>;
  if (config.credentialId) {
    credential = await secrets.resolve(config.credentialId);
    if (!credential) {
      throw new EngineError(
        'credential_not_found',
        `The credential selected on this Model node (${config.credentialId}) does not exist anymore. Select another one.`,
        { nodeId: context.nodeId },
      );
    }
  }
  let model: ModelResource['model'];
  try {
    model = createLanguageModel(
      { provider: config.provider, model: config.model, baseURL: config.baseURL },
      credential,
    );
  } catch (error) {
    throw toProviderFailure(error, config.provider, context.nodeId);
  }
  const { temperature, topP, maxOutputTokens, stop, presencePenalty, frequencyPenalty, seed } = config;
  const name = config.model || (typeof model === 'string' ? model : model.modelId);
  return {
    kind: 'model',
    model,
    provider: config.provider,
    label: `${config.provider}/${name}`,
    settings: {
      temperature,
      topP,
      maxOutputTokens,
      stopSequences: stop,
      presencePenalty,
      frequencyPenalty,
      seed,
    },
  };
}

/** Model: calls a language model; streams its answer or lends itself to an Agent or Condition. */
export const modelNode = defineNode({
  type: 'model',
  title: 'Model',
  group: 'Models',
  description: 'A language model. Give it a prompt to stream an answer, or connect it to an Agent.',
  config: modelConfigSchema,
  streamsText: true,
  provides: 'model',
  inputs: () => INPUTS,
  fileSupport: (config) => ({
    label: `${config.provider}/${config.model || 'default model'}`,
    support: modelFileSupport(config.provider, config.model),
  }),
  outputs: (config) => [answerPort(OUTPUTS[0]!, config.output), OUTPUTS[1]!],
  validate: (_config, connections) =>
    connections.outputs.has(TEXT) && !connections.inputs.has(PROMPT)
      ? [
          {
            code: 'missing_required_input',
            portId: PROMPT,
            message: 'Connect a prompt to use this model’s text.',
            params: { reason: 'text_needs_prompt' },
          },
        ]
      : [],
  async *run(inputs, context) {
    const resource = await createModelResource(context.config, context);
    const given = inputs.messages(PROMPT);
    if (!given) return { model: resource };
    const prompt = attachFiles(given, inputs.files(FILES));
    const memory = inputs.memory(MEMORY);
    const history = memory ? await memory.load() : [];
    const schema = structuredSchema(context.config.output);
    const result = yield* streamModelCall({
      resource,
      messages: [...history, ...prompt],
      signal: context.signal,
      observe: modelCallObserver(context),
      files: { store: context.services.files, nodeId: context.nodeId },
      structured: schema && { schema, name: context.config.output.name },
    });
    // A structured answer is checked before anything of it is shown, then reported as indented JSON.
    const answer = schema ? yield* structuredAnswer(result.text, schema, context.nodeId) : undefined;
    if (memory) {
      const turn: ChatMessage[] = [];
      const lastUser = prompt.findLast((message) => message.role === 'user');
      if (lastUser) turn.push(withoutFiles(lastUser));
      turn.push({ role: 'assistant', content: answer ? answer.text : result.text });
      await memory.append(turn);
    }
    return { model: resource, text: answer ? answer.value : result.text };
  },
});
