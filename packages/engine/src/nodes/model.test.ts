import { describe, expect, it } from 'vitest';
import type { ChatMessage, MemoryResource, ModelResource } from '../format/values';
import { defaultLanguageModels } from '../runtime/default-language-models';
import { createMemorySecrets } from '../runtime/in-memory';
import { promptText, textModel } from '../testing/mock-model';
import { drainNode, nodeContext } from '../testing/run-helpers';
import { modelNode } from './model';
import { NodeInputs } from './node-inputs';

function arrayMemory(stored: ChatMessage[]): MemoryResource {
  return {
    kind: 'memory',
    load: async () => [...stored],
    append: async (messages) => void stored.push(...messages),
  };
}

describe('Model', () => {
  it('only provides itself as a resource when no prompt is connected (no model call)', async () => {
    const mock = textModel('unused');
    const config = modelNode.config.parse({
      provider: 'openai',
      model: 'gpt-x',
      credentialId: 'key-1',
      temperature: 0.2,
    });
    let seenCredential: unknown;
    const context = nodeContext(config, {
      secrets: createMemorySecrets({ 'key-1': { apiKey: 'sk-test' } }),
      createLanguageModel: (_request, credential) => {
        seenCredential = credential;
        return mock;
      },
    });
    const { outputs, events } = await drainNode(modelNode.run(new NodeInputs({}), context));
    const resource = outputs.model as ModelResource;
    expect(resource).toMatchObject({ kind: 'model', label: 'openai/gpt-x', settings: { temperature: 0.2 } });
    expect(outputs.text).toBeUndefined();
    expect(seenCredential).toEqual({ apiKey: 'sk-test' });
    expect(events).toEqual([]);
    expect(mock.doStreamCalls).toHaveLength(0);
  });

  it('streams an answer with the configured settings, history first and system as instructions', async () => {
    const mock = textModel('Bonjour Ada');
    const config = modelNode.config.parse({
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 50,
      stop: ['END'],
      seed: 7,
    });
    const stored: ChatMessage[] = [
      { role: 'user', content: 'I am Ada' },
      { role: 'assistant', content: 'Hi Ada' },
    ];
    const inputs = new NodeInputs({
      prompt: [
        { role: 'system', content: 'Speak French.' },
        { role: 'user', content: 'Greet me' },
      ],
      memory: arrayMemory(stored),
    });
    const { outputs, events } = await drainNode(
      modelNode.run(inputs, nodeContext(config, { createLanguageModel: () => mock })),
    );
    expect(outputs.text).toBe('Bonjour Ada');
    expect(
      events
        .filter((event) => event.type === 'text-delta')
        .map((event) => event.type === 'text-delta' && event.text),
    ).toEqual(['Bonjour ', 'Ada']);
    expect(events.at(-1)).toEqual({ type: 'usage', inputTokens: 10, outputTokens: 2 });
    const call = mock.doStreamCalls[0]!;
    expect(call).toMatchObject({
      temperature: 0.3,
      topP: 0.9,
      maxOutputTokens: 50,
      stopSequences: ['END'],
      seed: 7,
    });
    expect(call.prompt.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(promptText(mock)).toContain('Speak French.');
    // The turn is remembered: what the model was asked and what it answered.
    expect(stored.slice(2)).toEqual([
      { role: 'user', content: 'Greet me' },
      { role: 'assistant', content: 'Bonjour Ada' },
    ]);
  });

  it('says which credential is missing', async () => {
    const config = modelNode.config.parse({ provider: 'openai', credentialId: 'gone' });
    await expect(drainNode(modelNode.run(new NodeInputs({}), nodeContext(config)))).rejects.toMatchObject({
      code: 'credential_not_found',
      nodeId: 'node-1',
    });
  });

  it('explains a provider that needs a key when none is selected', async () => {
    const config = modelNode.config.parse({ provider: 'anthropic' });
    const context = nodeContext(config, { createLanguageModel: defaultLanguageModels });
    const failure = drainNode(modelNode.run(new NodeInputs({}), context));
    await expect(failure).rejects.toMatchObject({ code: 'provider_auth' });
    await expect(failure).rejects.toThrow(/API key/);
  });

  it('validates settings ranges', () => {
    expect(modelNode.config.safeParse({ temperature: 3 }).success).toBe(false);
    expect(modelNode.config.safeParse({ provider: 'skynet' }).success).toBe(false);
    expect(modelNode.config.safeParse({ baseURL: 'file:///etc/passwd' }).success).toBe(false);
  });
});
