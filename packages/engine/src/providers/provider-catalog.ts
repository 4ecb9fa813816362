import { OFFLINE_MODEL_ID } from './offline/offline-model';

/** Identifier of a model provider Agentry can talk to. */
export type ProviderId = 'offline' | 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'ollama';

/** What the editor needs to know to offer a provider: its label, whether it needs a key, its defaults. */
export interface ProviderInfo {
  id: ProviderId;
  /** Short name used inside messages ("OpenAI rejected the API key"). */
  name: string;
  /** Longer label shown in the provider picker. */
  label: string;
  needsKey: boolean;
  defaultModel: string;
  supportsBaseURL: boolean;
  defaultBaseURL?: string;
  /** Whether `createEmbeddingModel` supports this provider. */
  supportsEmbeddings: boolean;
}

/** Default base URL of a local Ollama server (its OpenAI-compatible API lives under `/v1`). */
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434';

/** Every provider, in the order the editor lists them; the offline model comes first so a new user can run without a key. */
export const PROVIDERS: readonly ProviderInfo[] = [
  {
    id: 'offline',
    name: 'Offline model',
    label: 'Offline model (built-in, no key)',
    needsKey: false,
    defaultModel: OFFLINE_MODEL_ID,
    supportsBaseURL: false,
    supportsEmbeddings: true,
  },
  {
    id: 'openai',
    name: 'OpenAI',
    label: 'OpenAI',
    needsKey: true,
    defaultModel: 'gpt-5-mini',
    supportsBaseURL: true,
    defaultBaseURL: 'https://api.openai.com/v1',
    supportsEmbeddings: true,
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    label: 'Anthropic',
    needsKey: true,
    defaultModel: 'claude-haiku-4-5',
    supportsBaseURL: true,
    defaultBaseURL: 'https://api.anthropic.com/v1',
    supportsEmbeddings: false,
  },
  {
    id: 'google',
    name: 'Google Gemini',
    label: 'Google Gemini',
    needsKey: true,
    defaultModel: 'gemini-2.5-flash',
    supportsBaseURL: true,
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    supportsEmbeddings: true,
  },
  {
    id: 'openai-compatible',
    name: 'OpenAI-compatible server',
    label: 'OpenAI-compatible server (LM Studio, vLLM, llama.cpp, hosted)',
    needsKey: false,
    defaultModel: 'local-model',
    supportsBaseURL: true,
    defaultBaseURL: 'http://127.0.0.1:1234/v1',
    supportsEmbeddings: true,
  },
  {
    id: 'ollama',
    name: 'Ollama',
    label: 'Ollama',
    needsKey: false,
    defaultModel: 'llama3.2',
    supportsBaseURL: true,
    defaultBaseURL: OLLAMA_DEFAULT_BASE_URL,
    supportsEmbeddings: true,
  },
];

const providersById = new Map<string, ProviderInfo>(PROVIDERS.map((provider) => [provider.id, provider]));

/** The metadata of one provider, or undefined when the id is not a known provider. */
export function getProviderInfo(id: string): ProviderInfo | undefined {
  return providersById.get(id);
}

/** Whether a string names a known provider (useful when reading graph JSON). */
export function isProviderId(id: string): id is ProviderId {
  return providersById.has(id);
}
