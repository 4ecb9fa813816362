import { describe, expect, it } from 'vitest';
import { MAX_TOOL_NAME_LENGTH, mcpToolNames } from './mcp-server';

describe('mcpToolNames', () => {
  it('keeps slugs that are already valid names', () => {
    expect(mcpToolNames(['chatbot', 'support-agent', 'qa_2'])).toEqual(['chatbot', 'support-agent', 'qa_2']);
  });

  it('replaces other characters, cuts to 64 and keeps every name unique', () => {
    const long = 'a'.repeat(70);
    const names = mcpToolNames(['räksmörgås.bot', long, `${long}-b`, `${long}-c`, '']);
    expect(names[0]).toBe('r_ksm_rg_s_bot');
    expect(names[1]).toBe('a'.repeat(64));
    expect(names[2]).toBe(`${'a'.repeat(62)}_2`);
    expect(names[3]).toBe(`${'a'.repeat(62)}_3`);
    expect(names[4]).toBe('agent');
    for (const name of names) {
      expect(name).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(name.length).toBeLessThanOrEqual(MAX_TOOL_NAME_LENGTH);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
