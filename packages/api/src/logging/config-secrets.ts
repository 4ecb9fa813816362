import type { AgentryConfig } from '../config';
import { rememberSecret } from './redaction';

/** The password part of a connection URL (`postgres://user:password@host/db`), if it has one. */
function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remembers the secrets the configuration holds (the credential key, provider keys, the admin's
 * password, the metrics token, database and Redis passwords), so no log line can show them.
 */
export function rememberConfigSecrets(config: AgentryConfig): void {
  for (const secret of [
    config.secret,
    config.admin?.password,
    config.metricsToken,
    config.providerDefaults.openaiApiKey,
    config.providerDefaults.anthropicApiKey,
    config.providerDefaults.googleApiKey,
    urlPassword(config.databaseUrl),
    urlPassword(config.redisUrl),
  ])
    rememberSecret(secret);
}
