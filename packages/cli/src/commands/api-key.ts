import { API_KEY_SCOPES, type ApiKeyScope, AppError, createApiKey } from '@agentry/api';
import { CliError } from '../cli-error';
import { withRuntime } from '../open-runtime';
import { cliActor } from '../workspace';

const USAGE =
  'Usage: agentry api-key create --name NAME [--scopes run,manage,knowledge] [--agent ID_OR_SLUG ...] [--expires-in 30d] [--workspace ID]';

/** Options of `agentry api-key create`. */
export interface ApiKeyCommandOptions {
  name?: string;
  /** Comma-separated; all three when absent (the owner's automation key). */
  scopes?: string;
  /** Agent ids or slugs the key is limited to; every agent when absent. */
  agents?: string[];
  /** `<n>d` or `<n>h`; never when absent. */
  expiresIn?: string;
  workspace?: string;
}

/** Parses `--scopes run,manage`; refuses an unknown scope, naming the known ones. */
export function parseScopes(value: string | undefined): ApiKeyScope[] {
  if (value === undefined) return [...API_KEY_SCOPES];
  const scopes = value
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
  if (scopes.length === 0) throw new CliError(`Give at least one scope: ${API_KEY_SCOPES.join(', ')}.`);
  for (const scope of scopes) {
    if (!(API_KEY_SCOPES as readonly string[]).includes(scope))
      throw new CliError(`Unknown scope "${scope}". Scopes: ${API_KEY_SCOPES.join(', ')}.`);
  }
  return scopes as ApiKeyScope[];
}

/** Parses `--expires-in 30d` (days) or `12h` (hours) into a date from now. */
export function parseExpiresIn(value: string | undefined, now = Date.now()): Date | null {
  if (value === undefined) return null;
  const match = /^(\d{1,5})([dh])$/.exec(value.trim());
  if (!match || Number(match[1]) === 0)
    throw new CliError(`--expires-in takes a number of days or hours, such as 30d or 12h (got "${value}").`);
  const hours = Number(match[1]) * (match[2] === 'd' ? 24 : 1);
  return new Date(now + hours * 60 * 60 * 1000);
}

/**
 * `agentry api-key create`: prints a new API key once. Without `--scopes` the key gets every scope:
 * the CLI is the owner's tool and its keys are usually their automation; limit them for anything else.
 */
export async function apiKeyCommand(
  action: string | undefined,
  options: ApiKeyCommandOptions,
): Promise<void> {
  if (action !== 'create') throw new CliError(USAGE);
  const name = options.name?.trim();
  if (!name) throw new CliError('Give the key a name: agentry api-key create --name NAME');
  if (name.length > 100) throw new CliError('The key name is too long (100 characters at most).');
  const scopes = parseScopes(options.scopes);
  const expiresAt = parseExpiresIn(options.expiresIn);
  const agents = options.agents && options.agents.length > 0 ? options.agents : null;
  await withRuntime('api-key create', async (runtime) => {
    const actor = await cliActor(runtime, options.workspace);
    const created = await createApiKey(runtime, actor.workspaceId, name, {
      createdBy: actor.user.id,
      scopes,
      agents,
      expiresAt,
    }).catch((error: unknown) => {
      throw error instanceof AppError ? new CliError(error.message) : error;
    });
    const limits = [
      `scopes ${created.scopes.join(', ')}`,
      created.agentIds ? `${created.agentIds.length} agent(s)` : 'every agent',
      created.expiresAt ? `expires ${created.expiresAt.toISOString()}` : 'never expires',
    ].join('; ');
    console.error(`Created API key "${created.name}" (${limits}). It is shown once; store it now:`);
    console.log(created.key);
  });
}
