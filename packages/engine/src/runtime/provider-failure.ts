import { EngineError, type EngineErrorCode } from '../errors';
import type { NodeId } from '../format/ids';
import { describeProviderError, isTransientProviderError, type ProviderId } from '../providers';

const CODES: Record<string, EngineErrorCode> = {
  unauthorized: 'provider_auth',
  model_not_found: 'provider_not_found',
  rate_limited: 'provider_rate_limited',
  server_error: 'provider_unavailable',
  timeout: 'provider_unavailable',
  network: 'provider_unavailable',
};

/** Turns a provider failure (thrown, or an error part in the stream) into an EngineError on the node. */
export function toProviderFailure(
  error: unknown,
  provider: ProviderId | undefined,
  nodeId?: NodeId,
): EngineError {
  if (error instanceof EngineError) return error;
  const description = describeProviderError(error, provider);
  return new EngineError(CODES[description.code] ?? 'provider_error', description.message, {
    nodeId,
    retryable: isTransientProviderError(error),
    cause: error,
  });
}
