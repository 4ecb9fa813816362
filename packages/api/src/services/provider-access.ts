import { type Credential, createProviderFetch, type NetworkPolicy } from '@agentry/engine';
import type { AgentryConfig } from '../config';

// How this server reaches model providers: the keys it falls back on and the guard every call goes
// through. Its own module so that the engine context and the knowledge embeddings both import it
// without importing each other.

/** Provider keys from the environment, used when a Model node names no credential. */
export function environmentCredential(config: AgentryConfig, provider: string): Credential | undefined {
  const defaults = config.providerDefaults;
  switch (provider) {
    case 'openai':
      return defaults.openaiApiKey ? { apiKey: defaults.openaiApiKey } : undefined;
    case 'anthropic':
      return defaults.anthropicApiKey ? { apiKey: defaults.anthropicApiKey } : undefined;
    case 'google':
      return defaults.googleApiKey ? { apiKey: defaults.googleApiKey } : undefined;
    case 'ollama':
      return defaults.ollamaBaseUrl ? { baseURL: defaults.ollamaBaseUrl } : undefined;
    default:
      return undefined;
  }
}

/**
 * Which private hosts model, embedding and credential-test calls may reach: the admin's
 * AGENTRY_ALLOW_PRIVATE_HOSTS, plus the host of OLLAMA_BASE_URL (the admin set it, so it is meant to be
 * reached). Everything else private, loopback or link-local is refused, whatever a credential or graph says.
 */
export function providerNetworkPolicy(config: AgentryConfig): NetworkPolicy {
  const hosts = [...config.allowPrivateHosts];
  const ollama = config.providerDefaults.ollamaBaseUrl;
  if (ollama) {
    try {
      hosts.push(new URL(ollama).hostname);
    } catch {
      // An unparsable OLLAMA_BASE_URL fails on its own when a model uses it.
    }
  }
  return { allowPrivateHosts: hosts };
}

/** The guarded `fetch` every model, embedding and credential-test call of this server uses. */
export function providerFetch(config: AgentryConfig): typeof globalThis.fetch {
  return createProviderFetch(providerNetworkPolicy(config));
}
