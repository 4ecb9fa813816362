import { CliError } from '../cli-error';

/** Where `pull`, `push` and `diff` talk to, and with which key. */
export interface SyncConnection {
  /** The server's base URL without a trailing slash, e.g. `https://agentry.example.com`. */
  server: string;
  key: string;
}

/** Options every sync command takes (flags win over the environment, the environment over state). */
export interface ConnectionOptions {
  server?: string;
  key?: string;
  insecure?: boolean;
}

/** A refused HTTP call: the server's status and its `{ error: { code, message } }`. */
export class ServerError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The server and key to use: `--server` / AGENTRY_URL (else the one the folder was pulled from) and
 * `--key` / AGENTRY_API_KEY. Plain http is refused except to this machine, since the key would cross the
 * network readable, unless `--insecure` says the network is trusted.
 */
export function resolveConnection(options: ConnectionOptions, pulledFrom?: string): SyncConnection {
  const given = options.server || process.env.AGENTRY_URL || pulledFrom;
  if (!given) throw new CliError('Name the server: --server https://… or AGENTRY_URL.');
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new CliError(`"${given}" is not a server URL such as https://agentry.example.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CliError(`The server URL must start with https:// (got ${url.protocol}).`);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !options.insecure)
    throw new CliError(
      `Refusing to send the API key over plain http to ${url.host}: use https://, or --insecure on a network you trust.`,
    );
  const key = options.key || process.env.AGENTRY_API_KEY;
  if (!key) throw new CliError('Give an API key with the manage scope: --key KEY or AGENTRY_API_KEY.');
  return { server: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, key };
}

/** Calls the server's HTTP API as JSON; throws ServerError with the server's message when refused. */
export async function callServer<T>(
  connection: SyncConnection,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${connection.server}/api/v1${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${connection.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      error instanceof Error ? (error.cause as Error | undefined)?.message || error.message : error;
    throw new CliError(`Cannot reach ${connection.server}: ${String(reason)}`);
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  if (!response.ok) {
    const error = (value as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ServerError(
      response.status,
      error?.code ?? 'http_error',
      `${method} ${path}: ${error?.message ?? `the server answered ${response.status} ${response.statusText}`}`,
    );
  }
  if (value === undefined) throw new CliError(`${method} ${path}: the server's answer is not JSON.`);
  return value as T;
}
