import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtInNodeDefinitions, defaultNodeRegistry } from '.';
import { defineNode } from './node-definition';
import { nodeCatalog } from './node-catalog';
import { createNodeRegistry } from './registry';

const passThrough = defineNode({
  type: 'pass',
  title: 'Pass',
  group: 'Logic',
  description: 'Test node.',
  config: z.object({}),
  inputs: () => [],
  outputs: () => [],
  run: () => ({}),
});

describe('node registry', () => {
  it('is built from an array and refuses a type listed twice', () => {
    expect(() => createNodeRegistry([passThrough, passThrough])).toThrow(/"pass" is registered twice/);
    const registry = createNodeRegistry([passThrough]);
    expect(registry.get('pass')).toBe(passThrough);
    expect(registry.get('other')).toBeUndefined();
  });

  it('holds every built-in node type once', () => {
    expect(defaultNodeRegistry.list().map((definition) => definition.type)).toEqual([
      'chat-input',
      'chat-output',
      'prompt',
      'model',
      'agent',
      'memory',
      'calculator-tool',
      'http-request-tool',
      'code-tool',
      'current-time-tool',
      'agent-tool',
      'mcp-tools',
      'knowledge',
      'condition',
      'human-approval',
    ]);
    expect(builtInNodeDefinitions).toHaveLength(defaultNodeRegistry.list().length);
  });
});

describe('node catalog', () => {
  it('describes each type for the canvas: JSON Schema form with UI hints, default config and ports', () => {
    const catalog = nodeCatalog(defaultNodeRegistry);
    const prompt = catalog.find((entry) => entry.type === 'prompt')!;
    expect(prompt.defaultConfig).toEqual({ system: '', template: '{{message}}' });
    expect(prompt.inputs.map((port) => port.id)).toEqual(['message', 'files']);
    const template = (prompt.configSchema.properties as Record<string, Record<string, unknown>>).template!;
    expect(template).toMatchObject({ type: 'string', ui: { multiline: true, variables: true } });
    expect(typeof template.description).toBe('string');
    const model = catalog.find((entry) => entry.type === 'model')!;
    expect(model).toMatchObject({ provides: 'model', streamsText: true });
    const credential = (model.configSchema.properties as Record<string, Record<string, unknown>>)
      .credentialId;
    expect(credential?.ui).toEqual({ credential: true });
    // Fields naming something the workspace owns carry the hint of their picker.
    const field = (type: string, key: string) =>
      (
        catalog.find((entry) => entry.type === type)!.configSchema.properties as Record<
          string,
          { ui?: unknown }
        >
      )[key];
    expect(field('agent-tool', 'agentId')?.ui).toEqual({ agent: true, placeholder: 'Pick an agent' });
    expect(field('knowledge', 'knowledgeBaseId')?.ui).toMatchObject({ knowledgeBase: true });
    expect(field('http-request-tool', 'credentialId')?.ui).toMatchObject({ credential: true });
    expect(field('mcp-tools', 'credentialId')?.ui).toMatchObject({ credential: true });
    // Agent-as-tool has no valid default (an agent must be picked), so it starts without ports.
    expect(catalog.find((entry) => entry.type === 'agent-tool')?.defaultConfig).toBeUndefined();
    expect(JSON.parse(JSON.stringify(catalog))).toHaveLength(15);
  });
});
