import { defaultNodeRegistry, nodeCatalog } from '@agentry/engine/graph';
import { describe, expect, it } from 'vitest';
import { type FieldSchema, humanize, resourceKindOf } from './config-schema';

describe('humanize', () => {
  it('turns field names into labels, keeping acronyms', () => {
    expect(humanize('maxOutputTokens')).toBe('Max output tokens');
    expect(humanize('baseURL')).toBe('Base URL');
    expect(humanize('credentialId')).toBe('Credential');
    expect(humanize('timeoutMs')).toBe('Timeout (ms)');
    expect(humanize('url')).toBe('URL');
    expect(humanize('maxResultChars')).toBe('Max result chars');
    expect(humanize('knowledgeBaseId')).toBe('Knowledge base');
    expect(humanize('agentId')).toBe('Agent');
  });
});

describe('resourceKindOf', () => {
  it('reads the picker a field gets from its ui hints', () => {
    expect(resourceKindOf({ type: 'string', ui: { credential: true } })).toBe('credential');
    expect(resourceKindOf({ type: 'string', ui: { knowledgeBase: true, placeholder: 'x' } })).toBe(
      'knowledgeBase',
    );
    expect(resourceKindOf({ type: 'string', ui: { agent: true } })).toBe('agent');
    expect(resourceKindOf({ type: 'string', ui: { multiline: true } })).toBeUndefined();
    expect(resourceKindOf({ type: 'string' })).toBeUndefined();
  });

  it('gives every built-in field that names something of the workspace by id a picker, as the catalog emits it', () => {
    const pickers: Record<string, string> = {};
    for (const entry of nodeCatalog(defaultNodeRegistry)) {
      const properties = (entry.configSchema as FieldSchema).properties ?? {};
      for (const [key, field] of Object.entries(properties)) {
        const kind = resourceKindOf(field);
        // An id typed by hand is what the pickers replace: a new `…Id` field needs its hint too.
        if (key.endsWith('Id')) expect(kind, `${entry.type}.${key}`).toBeDefined();
        if (kind) pickers[`${entry.type}.${key}`] = kind;
      }
    }
    expect(pickers).toEqual({
      'model.credentialId': 'credential',
      'http-request-tool.credentialId': 'credential',
      'agent-tool.agentId': 'agent',
      'mcp-tools.credentialId': 'credential',
      'knowledge.knowledgeBaseId': 'knowledgeBase',
    });
  });
});
