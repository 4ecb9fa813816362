import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogle } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { allowDirectReading } from './compatible-stream';
import { createOfflineModel } from './offline/offline-model';
import { OLLAMA_DEFAULT_BASE_URL } from './provider-catalog';
import { ProviderConfigError } from './provider-config-error';
import {
  type ModelSettings,
  type ProviderCredential,
  type ResolvedProviderSettings,
  resolveProviderSettings,
} from './provider-settings';

/** How provider clients reach the network; the server passes a guarded fetch (see tools/guarded-fetch.ts). */
export interface ProviderClientOptions {
  /** Replaces the global `fetch` for every request the provider makes. */
  fetch?: typeof globalThis.fetch;
}

/**
 * Builds the AI SDK language model a node asked for. Every provider, the offline one included, goes
 * through the same `streamText`/`generateText` path; keys come only from `credential`, never from the
 * environment. Throws `ProviderConfigError` when a key or base URL is missing. Without `options.fetch`
 * the global `fetch` is used, which reaches any address: servers pass a guarded one.
 */
export function createLanguageModel(
  settings: ModelSettings,
  credential?: ProviderCredential,
  options: ProviderClientOptions = {},
): LanguageModelV4 {
  const resolved = resolveProviderSettings(settings, credential);
  const { info, model, apiKey, baseURL } = resolved;
  const { fetch } = options;
  switch (info.id) {
    case 'offline':
      return createOfflineModel();
    case 'openai':
      // `provider(model)` uses the Responses API in @ai-sdk/openai v4.
      return createOpenAI({ apiKey, baseURL, fetch })(model);
    case 'anthropic':
      return createAnthropic({ apiKey, baseURL, fetch })(model);
    case 'google':
      return createGoogle({ apiKey, baseURL, fetch })(model);
    case 'openai-compatible':
    case 'ollama': {
      const chat = createCompatibleProvider(resolved, options).chatModel(model);
      allowDirectReading(chat);
      return chat;
    }
  }
}

/** The OpenAI-compatible client for LM Studio, vLLM, llama.cpp server, hosted gateways and Ollama. */
export function createCompatibleProvider(
  resolved: ResolvedProviderSettings,
  options: ProviderClientOptions = {},
) {
  const { info, apiKey } = resolved;
  let baseURL = resolved.baseURL;
  if (info.id === 'ollama') {
    const root = baseURL ?? OLLAMA_DEFAULT_BASE_URL;
    baseURL = root.endsWith('/v1') ? root : `${root}/v1`;
  }
  if (baseURL === undefined) {
    throw new ProviderConfigError(
      'missing_base_url',
      `${info.name} needs a base URL, for example http://127.0.0.1:1234/v1 for LM Studio.`,
      info.id,
    );
  }
  return createOpenAICompatible({
    name: info.id,
    baseURL,
    apiKey,
    includeUsage: true,
    // LM Studio, vLLM, Ollama and llama.cpp honour `response_format: json_schema`; without this flag
    // the SDK would only send `json_object` and drop the schema of a structured Model node.
    supportsStructuredOutputs: true,
    fetch: options.fetch,
  });
}
