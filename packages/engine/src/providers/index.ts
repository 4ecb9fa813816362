export { createEmbeddingModel } from './create-embedding-model';
export { createLanguageModel, type ProviderClientOptions } from './create-language-model';
export { createOfflineEmbeddingModel, OFFLINE_EMBEDDING_MODEL_ID } from './offline/offline-embedding-model';
export { createOfflineModel, OFFLINE_MODEL_ID, type OfflineModelOptions } from './offline/offline-model';
export { OFFLINE_LABEL } from './offline/offline-reply';
export { type ModelFileSupport, modelFileSupport } from './model-capabilities';
export {
  getProviderInfo,
  isProviderId,
  OLLAMA_DEFAULT_BASE_URL,
  PROVIDERS,
  type ProviderId,
  type ProviderInfo,
} from './provider-catalog';
export { ProviderConfigError, type ProviderConfigErrorCode } from './provider-config-error';
export {
  describeProviderError,
  isTransientProviderError,
  type ProviderErrorCode,
  type ProviderErrorDescription,
} from './provider-errors';
export {
  type ModelSettings,
  type ProviderCredential,
  type ResolvedProviderSettings,
  resolveProviderSettings,
} from './provider-settings';
