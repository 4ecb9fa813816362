import { describe, expect, it } from 'vitest';
import { agentOptions, credentialOptions, knowledgeBaseOptions } from './resource-options';

describe('knowledgeBaseOptions', () => {
  it('says how many documents each base holds, and how many are processing or failed', () => {
    expect(
      knowledgeBaseOptions([
        { id: 'a', name: 'Empty', documentCount: 0, pendingCount: 0, failedCount: 0 },
        { id: 'b', name: 'One', documentCount: 1, pendingCount: 0, failedCount: 0 },
        { id: 'c', name: 'Busy', documentCount: 5, pendingCount: 2, failedCount: 1 },
      ]).map((option) => option.detail),
    ).toEqual(['No documents yet', '1 document', '5 documents · 2 processing · 1 failed']);
  });
});

describe('agentOptions', () => {
  const agents = [
    { id: 'self', name: 'Router', publishedVersionId: 'v1' },
    { id: 'b', name: 'Translator', publishedVersionId: null },
    { id: 'c', name: 'Billing expert', publishedVersionId: 'v9' },
  ];

  it('leaves out the agent being edited, sorts by name and says which can be called', () => {
    expect(agentOptions(agents, 'self')).toEqual([
      { id: 'c', name: 'Billing expert', detail: 'Published' },
      { id: 'b', name: 'Translator', detail: 'Draft only: publish it before it can be called' },
    ]);
    expect(agentOptions(agents, undefined).map((option) => option.id)).toEqual(['c', 'self', 'b']);
  });
});

describe('credentialOptions', () => {
  const credentials = [
    { id: '1', name: 'Work key', provider: 'openai', maskedKey: '…a1b2' },
    { id: '2', name: 'Claude', provider: 'anthropic', maskedKey: '…zz90' },
    { id: '3', name: 'Local', provider: 'ollama', maskedKey: null },
  ];

  it("offers only the node's provider's credentials, showing provider and the key's last characters", () => {
    expect(credentialOptions(credentials, 'openai')).toEqual([
      { id: '1', name: 'Work key', detail: 'openai · …a1b2' },
    ]);
    expect(credentialOptions(credentials).map((option) => [option.name, option.detail])).toEqual([
      ['Claude', 'anthropic · …zz90'],
      ['Local', 'ollama'],
      ['Work key', 'openai · …a1b2'],
    ]);
  });
});
