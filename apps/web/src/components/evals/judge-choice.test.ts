import { describe, expect, it } from 'vitest';
import { judgeChoice, judgeCredentials, judgeFromChoice } from './judge-choice';

describe('judge picker', () => {
  it('maps values to entries and back', () => {
    expect(judgeChoice(null)).toBe('');
    expect(judgeChoice({ provider: 'offline', model: '' })).toBe('offline');
    expect(judgeChoice({ provider: 'openai', model: 'gpt-5-mini' })).toBe('openai');
    expect(judgeFromChoice('', { provider: 'openai', model: 'x' })).toBeNull();
    expect(judgeFromChoice('offline', null)).toEqual({ provider: 'offline', model: '' });
  });

  it('keeps the model and key for the same provider and drops them for another', () => {
    const current = { provider: 'openai', model: 'gpt-5', credentialId: 'c1' };
    expect(judgeFromChoice('openai', current)).toBe(current);
    expect(judgeFromChoice('anthropic', current)).toEqual({ provider: 'anthropic', model: '' });
  });

  it('offers only the credentials of the chosen provider', () => {
    const all = [
      { id: 'a', provider: 'openai' },
      { id: 'b', provider: 'token' },
      { id: 'c', provider: 'openai' },
    ];
    expect(judgeCredentials(all, 'openai').map((item) => item.id)).toEqual(['a', 'c']);
  });
});
