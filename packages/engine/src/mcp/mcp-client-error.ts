/** Why talking to an MCP server failed; the config panel may switch on it. */
export type McpClientErrorCode =
  /** The target is incomplete or malformed (no URL, not http(s), no command). */
  | 'invalid_target'
  /** The address guard refused the server's address (private, loopback, metadata). */
  | 'address_blocked'
  /** The server redirected to another origin (or too often). */
  | 'redirect_refused'
  /** The graph names a local command the admin did not allow. */
  | 'command_not_allowed'
  /** The credential has no key or may not go to the server's host. */
  | 'credential'
  /** Nothing answered: connection refused, DNS failure, a process that would not start, closed. */
  | 'unreachable'
  /** The server refused the credentials (HTTP 401/403). */
  | 'unauthorized'
  /** The server wants an OAuth sign-in: none yet, or its tokens can no longer be refreshed. */
  | 'oauth_required'
  /** The server answered an HTTP error. */
  | 'http_error'
  /** The server did not answer in time. */
  | 'timeout'
  /** The server answered something that is not MCP. */
  | 'garbage'
  /** The server answered with a JSON-RPC error. */
  | 'protocol'
  /** The tool ran and reported an error (`isError: true`). */
  | 'tool_error'
  /** The run's MCP connections are closed (the run ended). */
  | 'closed';

/** An MCP failure with a message the model, the user and the editor can read (no stack, no DNS answers). */
export class McpClientError extends Error {
  override readonly name = 'McpClientError';

  constructor(
    readonly code: McpClientErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

/** What the model reads when the address guard refused a server: nothing about what a name resolved to. */
export const MCP_UNREACHABLE_ADDRESS_MESSAGE = 'This address cannot be reached from here.';
