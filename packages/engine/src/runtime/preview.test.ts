import { describe, expect, it } from 'vitest';
import { previewValue } from './preview';

describe('previewValue', () => {
  it('names the tools of a node that provides several (MCP Tools) instead of counting items', () => {
    const tool = (name: string) => ({ kind: 'tool', name, description: '', execute: async () => null });
    expect(previewValue([tool('files_read'), tool('files_list')])).toBe('tools: files_read, files_list');
    expect(previewValue([{ role: 'user', content: 'hi' }])).toBe('1 messages');
    expect(previewValue([1, 2])).toBe('2 items');
  });

  it('cuts long text and names single resources', () => {
    expect(previewValue('x'.repeat(300))).toBe(`${'x'.repeat(200)}…`);
    expect(previewValue({ kind: 'model', label: 'Offline model' })).toBe('model: Offline model');
  });
});
