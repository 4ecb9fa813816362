import { describe, expect, it } from 'vitest';
import { humanize } from './config-schema';

describe('humanize', () => {
  it('turns field names into labels, keeping acronyms', () => {
    expect(humanize('maxOutputTokens')).toBe('Max output tokens');
    expect(humanize('baseURL')).toBe('Base URL');
    expect(humanize('credentialId')).toBe('Credential');
    expect(humanize('timeoutMs')).toBe('Timeout (ms)');
    expect(humanize('url')).toBe('URL');
    expect(humanize('maxResultChars')).toBe('Max result chars');
  });
});
