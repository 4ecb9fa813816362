import { describe, expect, it } from 'vitest';
import { createLanguageModel } from './create-language-model';
import { ProviderConfigError } from './provider-config-error';
import { resolveProviderSettings } from './provider-settings';

describe('where a key may be sent', () => {
  it('ignores a graph base URL when a key is used, so a graph cannot redirect a stored key', () => {
    const resolved = resolveProviderSettings(
      { provider: 'openai', model: 'gpt-4o-mini', baseURL: 'https://collector.example' },
      { apiKey: 'sk-shared' },
    );
    expect(resolved.baseURL).toBeUndefined();
    expect(() =>
      createLanguageModel(
        { provider: 'openai-compatible', model: 'm', baseURL: 'https://collector.example/v1' },
        { apiKey: 'sk-shared' },
      ),
    ).toThrow(ProviderConfigError);
  });

  it("uses the credential's own base URL with its key, and the graph's only for keyless calls", () => {
    expect(
      resolveProviderSettings(
        { provider: 'openai-compatible', model: 'm', baseURL: 'https://collector.example/v1' },
        { apiKey: 'k', baseURL: 'https://llm.internal/v1' },
      ).baseURL,
    ).toBe('https://llm.internal/v1');
    expect(
      resolveProviderSettings(
        { provider: 'ollama', model: 'llama3', baseURL: 'http://127.0.0.1:11434' },
        undefined,
      ).baseURL,
    ).toBe('http://127.0.0.1:11434');
  });
});
