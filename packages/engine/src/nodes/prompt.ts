import { z } from 'zod';
import type { PortSpec } from '../format/port-types';
import type { ChatMessage } from '../format/values';
import { portId } from '../format/ids';
import { ui } from './config-ui';
import { defineNode } from './node-definition';
import { type CompiledTemplate, compileTemplate, renderTemplate, templateVariables } from './prompt-template';

const PROMPT = portId('prompt');
const TEXT = portId('text');
const FILES = portId('files');
const FILES_INPUT: PortSpec = {
  id: FILES,
  type: 'files',
  label: 'Files',
  description: 'Images and documents from the chat, sent with the user message.',
};
const OUTPUTS: readonly PortSpec[] = [
  {
    id: PROMPT,
    type: 'messages',
    label: 'Prompt',
    description: 'System and user messages, for a Model or Agent.',
  },
  { id: TEXT, type: 'text', label: 'Text', description: 'The filled-in user part alone.' },
];

const configSchema = z.object({
  system: z
    .string()
    .max(20_000)
    .default('')
    .describe('Instructions for the model (the system message). May use {{variables}}.')
    .meta(ui({ multiline: true, variables: true })),
  template: z
    .string()
    .max(20_000)
    .default('{{message}}')
    .describe('The user message. Each {{variable}} becomes an input to connect.')
    .meta(ui({ multiline: true, variables: true })),
});

type PromptConfig = z.infer<typeof configSchema>;

interface CompiledPrompt {
  system: CompiledTemplate;
  template: CompiledTemplate;
  inputs: readonly PortSpec[];
}

// Configs are parsed once per compiled graph, so the object is a stable cache key.
const compiled = new WeakMap<PromptConfig, CompiledPrompt>();

function compilePrompt(config: PromptConfig): CompiledPrompt {
  let prompt = compiled.get(config);
  if (!prompt) {
    const system = compileTemplate(config.system);
    const template = compileTemplate(config.template);
    const inputs = templateVariables(system, template).map(
      (name): PortSpec => ({ id: portId(name), type: 'text', label: name, required: true }),
    );
    // A template variable named "files" keeps its text port; the files port is then left out.
    if (!inputs.some((port) => port.id === FILES)) inputs.push(FILES_INPUT);
    prompt = { system, template, inputs };
    compiled.set(config, prompt);
  }
  return prompt;
}

/** Prompt: fills a template's {{variables}} from its inputs into system and user messages. */
export const promptNode = defineNode({
  type: 'prompt',
  title: 'Prompt',
  group: 'Prompts',
  description: 'Builds the messages for a model from a template; every {{variable}} becomes an input.',
  config: configSchema,
  inputs: (config) => compilePrompt(config).inputs,
  outputs: () => OUTPUTS,
  run: (inputs, { config }) => {
    const prompt = compilePrompt(config);
    const value = (name: string) => inputs.text(portId(name));
    const system = renderTemplate(prompt.system, value);
    const user = renderTemplate(prompt.template, value);
    const messages: ChatMessage[] = system ? [{ role: 'system', content: system }] : [];
    const files = inputs.files(FILES);
    messages.push(files?.length ? { role: 'user', content: user, files } : { role: 'user', content: user });
    return { prompt: messages, text: user };
  },
});
