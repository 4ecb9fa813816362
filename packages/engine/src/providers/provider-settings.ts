import { getProviderInfo, type ProviderId, type ProviderInfo } from './provider-catalog';
import { ProviderConfigError } from './provider-config-error';

/** Which provider and model a node uses; stored in the graph JSON (never holds secrets). */
export interface ModelSettings {
  provider: ProviderId;
  model: string;
  baseURL?: string;
}

/** The secret half of a provider connection, decrypted by the caller just before the run. */
export interface ProviderCredential {
  apiKey?: string;
  baseURL?: string;
}

/** Settings checked and merged with the credential, ready to hand to an AI SDK provider factory. */
export interface ResolvedProviderSettings {
  info: ProviderInfo;
  model: string;
  apiKey: string | undefined;
  baseURL: string | undefined;
}

/**
 * Checks the settings and picks the key and base URL.
 * A base URL stored with the credential wins over the one in the graph: the key was issued for that
 * endpoint, and letting a graph editor redirect a shared key to another host would leak it.
 */
export function resolveProviderSettings(
  settings: ModelSettings,
  credential: ProviderCredential | undefined,
): ResolvedProviderSettings {
  const info = getProviderInfo(settings.provider);
  if (info === undefined) {
    throw new ProviderConfigError(
      'unknown_provider',
      `Unknown model provider "${String(settings.provider)}".`,
      String(settings.provider),
    );
  }
  const apiKey = nonEmpty(credential?.apiKey);
  if (info.needsKey && apiKey === undefined) {
    throw new ProviderConfigError(
      'missing_credential',
      `${info.name} needs an API key. Add a ${info.name} credential and select it on the node.`,
      info.id,
    );
  }
  // A key only ever goes where its credential says: a graph may not redirect a stored key to another
  // server (an editor who can't read a shared key could otherwise capture it). A graph's base URL is
  // used only for keyless calls, e.g. a local Ollama.
  const baseURL =
    apiKey === undefined
      ? (nonEmpty(credential?.baseURL) ?? nonEmpty(settings.baseURL))
      : nonEmpty(credential?.baseURL);
  if (baseURL !== undefined) checkBaseURL(baseURL, info);
  return {
    info,
    model: settings.model.trim() || info.defaultModel,
    apiKey,
    baseURL: baseURL?.replace(/\/+$/, ''),
  };
}

function checkBaseURL(baseURL: string, info: ProviderInfo): void {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new ProviderConfigError(
      'invalid_base_url',
      `The base URL "${baseURL}" for ${info.name} is not a valid URL.`,
      info.id,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProviderConfigError(
      'invalid_base_url',
      `The base URL for ${info.name} must start with http:// or https://.`,
      info.id,
    );
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
