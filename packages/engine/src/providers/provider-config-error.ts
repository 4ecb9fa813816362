/** Why a model could not be built from its settings. */
export type ProviderConfigErrorCode =
  | 'missing_credential'
  | 'missing_base_url'
  | 'invalid_base_url'
  | 'unknown_provider'
  | 'unsupported_model_kind';

/** A provider setting is missing or wrong; thrown before any request is sent. */
export class ProviderConfigError extends Error {
  override readonly name = 'ProviderConfigError';

  constructor(
    readonly code: ProviderConfigErrorCode,
    message: string,
    readonly provider?: string,
  ) {
    super(message);
  }
}
