import { EngineError } from '../errors';
import { createLanguageModel, isProviderId, PROVIDERS } from '../providers';
import type { LanguageModelFactory } from './context';

/** Builds models through the providers module; the graph's provider id is checked first. */
export const defaultLanguageModels: LanguageModelFactory = (request, credential) => {
  if (!isProviderId(request.provider)) {
    const known = PROVIDERS.map((provider) => provider.id).join(', ');
    throw new EngineError(
      'provider_error',
      `Unknown model provider "${request.provider}". Use one of: ${known}.`,
    );
  }
  return createLanguageModel({ ...request, provider: request.provider }, credential);
};
