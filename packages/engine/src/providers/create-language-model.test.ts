import { describe, expect, it } from 'vitest';
import { createEmbeddingModel } from './create-embedding-model';
import { createLanguageModel } from './create-language-model';
import { OFFLINE_MODEL_ID } from './offline/offline-model';
import { getProviderInfo, isProviderId, PROVIDERS } from './provider-catalog';
import { ProviderConfigError } from './provider-config-error';

function configError(run: () => unknown): ProviderConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderConfigError) return error;
    throw error;
  }
  throw new Error('expected a ProviderConfigError');
}

describe('createLanguageModel', () => {
  it('builds the offline model without a key', () => {
    const model = createLanguageModel({ provider: 'offline', model: OFFLINE_MODEL_ID });
    expect(model.modelId).toBe(OFFLINE_MODEL_ID);
    expect(model.provider).toBe('agentry');
  });

  it.each(['openai', 'anthropic', 'google'] as const)(
    'refuses %s without a key, naming the provider',
    (provider) => {
      const error = configError(() => createLanguageModel({ provider, model: 'x' }, { apiKey: '  ' }));
      expect(error.code).toBe('missing_credential');
      expect(error.provider).toBe(provider);
      expect(error.message).toContain(getProviderInfo(provider)!.name);
    },
  );

  it('builds key-less local providers', () => {
    expect(createLanguageModel({ provider: 'ollama', model: 'llama3.2' }).modelId).toBe('llama3.2');
    expect(
      createLanguageModel({ provider: 'openai-compatible', model: 'm', baseURL: 'http://127.0.0.1:1234/v1' })
        .provider,
    ).toContain('openai-compatible');
  });

  it('needs a base URL for a generic OpenAI-compatible server', () => {
    expect(configError(() => createLanguageModel({ provider: 'openai-compatible', model: 'm' })).code).toBe(
      'missing_base_url',
    );
  });

  it('refuses base URLs that are not http(s)', () => {
    expect(
      configError(() => createLanguageModel({ provider: 'ollama', model: 'm', baseURL: 'file:///tmp' })).code,
    ).toBe('invalid_base_url');
    expect(
      configError(() => createLanguageModel({ provider: 'ollama', model: 'm', baseURL: 'not a url' })).code,
    ).toBe('invalid_base_url');
  });

  it('refuses unknown providers', () => {
    const error = configError(() => createLanguageModel({ provider: 'acme' as never, model: 'm' }));
    expect(error.code).toBe('unknown_provider');
  });

  it('falls back to the default model when the model name is empty', () => {
    expect(createLanguageModel({ provider: 'openai', model: ' ' }, { apiKey: 'k' }).modelId).toBe(
      getProviderInfo('openai')!.defaultModel,
    );
  });
});

describe('createEmbeddingModel', () => {
  it('builds embedding models for providers that have them', () => {
    expect(
      createEmbeddingModel({ provider: 'openai', model: 'text-embedding-3-small' }, { apiKey: 'k' }).modelId,
    ).toBe('text-embedding-3-small');
    expect(createEmbeddingModel({ provider: 'ollama', model: 'nomic-embed-text' }).modelId).toBe(
      'nomic-embed-text',
    );
  });

  it.each(['anthropic'] as const)('refuses %s, which has no embeddings', (provider) => {
    expect(configError(() => createEmbeddingModel({ provider, model: 'x' }, { apiKey: 'k' })).code).toBe(
      'unsupported_model_kind',
    );
  });
});

describe('PROVIDERS', () => {
  it('lists every provider once, offline first and labelled as such', () => {
    expect(PROVIDERS.map((provider) => provider.id)).toEqual([
      'offline',
      'openai',
      'anthropic',
      'google',
      'openai-compatible',
      'ollama',
    ]);
    expect(PROVIDERS[0]).toMatchObject({
      label: 'Offline model (built-in, no key)',
      needsKey: false,
      defaultModel: OFFLINE_MODEL_ID,
    });
    expect(PROVIDERS.find((provider) => provider.id === 'ollama')?.defaultBaseURL).toBe(
      'http://127.0.0.1:11434',
    );
    expect(isProviderId('openai')).toBe(true);
    expect(isProviderId('constructor')).toBe(false);
  });
});
