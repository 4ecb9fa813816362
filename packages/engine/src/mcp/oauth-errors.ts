import { McpClientError } from './mcp-client-error';
import { McpOAuthError } from './oauth-client';

/** What is known of a connection when it fails: where, how it signs in, the server's last 401 challenge. */
export interface OAuthFailureContext {
  /** The MCP server's origin. */
  origin: string;
  /** The connection uses an OAuth sign-in (an `mcp-oauth` credential). */
  signedIn: boolean;
  /** The connection sends a key (a bearer token or header credential). */
  hasKey: boolean;
  /** `WWW-Authenticate` of the server's last 401 answer, if any. */
  challenge?: string;
}

/** The OAuth error anywhere in `error`'s cause chain (the SDK passes it on as it is, callers may wrap it). */
function oauthErrorIn(error: unknown): McpOAuthError | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof McpOAuthError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The McpClientError for a failure that is about OAuth, or undefined for any other. A sign-in that needs
 * a person, or that belongs to another origin, says so. A server that refuses an unsigned connection with
 * a Bearer challenge asks for a sign-in (`oauth_required`, which the config panel offers as "Sign in"),
 * when it points to its OAuth metadata or when no key was sent at all; a refused key stays `unauthorized`.
 */
export function describeOAuthFailure(
  error: unknown,
  context: OAuthFailureContext,
): McpClientError | undefined {
  const oauth = oauthErrorIn(error);
  if (oauth) {
    return new McpClientError(
      oauth.code === 'mcp_oauth_required' ? 'oauth_required' : 'credential',
      oauth.message,
      {
        cause: error,
      },
    );
  }
  const status = (error as { code?: unknown } | null)?.code;
  const challenge = context.challenge ?? '';
  if (
    status === 401 &&
    !context.signedIn &&
    /^\s*Bearer\b/i.test(challenge) &&
    (/\bresource_metadata=/i.test(challenge) || !context.hasKey)
  ) {
    return new McpClientError(
      'oauth_required',
      `The MCP server at ${context.origin} asks you to sign in: press Sign in on this MCP Tools node.`,
      { cause: error },
    );
  }
  return undefined;
}
