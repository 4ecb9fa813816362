import { createGoogle } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import { createCompatibleProvider, type ProviderClientOptions } from './create-language-model';
import { createOfflineEmbeddingModel } from './offline/offline-embedding-model';
import { ProviderConfigError } from './provider-config-error';
import { type ModelSettings, type ProviderCredential, resolveProviderSettings } from './provider-settings';

/**
 * Builds the AI SDK embedding model a knowledge base asked for (OpenAI, Google, Ollama, an
 * OpenAI-compatible server, or the lexical offline model). Throws `ProviderConfigError` for Anthropic
 * (no embeddings) or a missing key. Servers pass a guarded `options.fetch`, as for language models.
 */
export function createEmbeddingModel(
  settings: ModelSettings,
  credential?: ProviderCredential,
  options: ProviderClientOptions = {},
): EmbeddingModelV4 {
  const resolved = resolveProviderSettings(settings, credential);
  const { info, model, apiKey, baseURL } = resolved;
  const { fetch } = options;
  switch (info.id) {
    case 'openai':
      return createOpenAI({ apiKey, baseURL, fetch }).embedding(model);
    case 'google':
      return createGoogle({ apiKey, baseURL, fetch }).embedding(model);
    case 'openai-compatible':
    case 'ollama':
      return createCompatibleProvider(resolved, options).embeddingModel(model);
    case 'offline':
      return createOfflineEmbeddingModel();
    case 'anthropic':
      throw new ProviderConfigError(
        'unsupported_model_kind',
        `${info.name} does not offer embedding models. Pick OpenAI, Google, Ollama, an OpenAI-compatible server or the offline model for the knowledge base.`,
        info.id,
      );
  }
}
