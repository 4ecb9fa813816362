import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from '../runtime/context';
import { isAllowedHost } from '../tools/host-patterns';
import { describeMcpError } from './describe-error';
import { McpClientError } from './mcp-client-error';
import { createMcpOAuthProvider, McpOAuthError, type McpOAuthStore } from './oauth-client';
import { describeOAuthFailure, type OAuthFailureContext } from './oauth-errors';
import { createServerFetch, type ServerFetch } from './server-fetch';
import type { McpCommand, McpPolicy, McpServerSpec } from './types';

/** The SDK, loaded on first use: it costs ~200 ms to import, which runs without MCP never pay. */
export type McpSdk = Awaited<ReturnType<typeof loadSdk>>;

let sdk: Promise<McpSdk> | undefined;

async function loadSdk() {
  const [client, streamable, sse, stdio, types] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  return {
    Client: client.Client,
    StreamableHTTPClientTransport: streamable.StreamableHTTPClientTransport,
    StreamableHTTPError: streamable.StreamableHTTPError,
    SSEClientTransport: sse.SSEClientTransport,
    SseError: sse.SseError,
    StdioClientTransport: stdio.StdioClientTransport,
    McpError: types.McpError,
    ErrorCode: types.ErrorCode,
  };
}

/** The MCP SDK modules (imported once). */
export function mcpSdk(): Promise<McpSdk> {
  sdk ??= loadSdk();
  return sdk;
}

/** A connected MCP client and what it takes to explain its failures. */
export interface McpSession {
  readonly client: Client;
  /** How the server is named in messages: its origin, or the admin's command name. */
  readonly label: string;
  /** The transport that connected ('auto' resolves to one of the others). */
  readonly transport: 'streamable-http' | 'sse' | 'command';
  /** Turns any failure of this session into a readable McpClientError (or the abort reason). */
  describe(error: unknown, context?: { timeoutMs?: number; signal?: AbortSignal }): unknown;
  /** Lets cancellation notices reach the server, ends the session and closes the connection. */
  close(): Promise<void>;
}

/** Options of connect(). */
export interface ConnectOptions {
  policy: McpPolicy;
  logger?: Logger;
  /** Longest the connection and the MCP handshake may take. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Statuses a server that predates Streamable HTTP answers its POST with (the spec's compatibility rule). */
const OLD_SERVER_STATUSES = new Set([400, 404, 405]);
/** Longest close() waits for messages still being sent (a cancellation notice) before closing. */
const CLOSE_GRACE_MS = 1_000;

/** The command an admin allowed under `name`; anything else is refused. */
export function allowedCommand(name: string | undefined, policy: McpPolicy): McpCommand {
  if (!name) {
    throw new McpClientError('invalid_target', 'Choose the local MCP server to start.');
  }
  const command = Object.hasOwn(policy.commands, name) ? policy.commands[name] : undefined;
  if (!command) {
    throw new McpClientError(
      'command_not_allowed',
      `The local MCP server "${name}" is not allowed here. Local servers must be named by the server admin in AGENTRY_MCP_COMMANDS; a graph can only pick one of those names.`,
    );
  }
  return command;
}

/** The server's URL, checked: absolute http(s), no user or password in it. */
export function serverUrl(url: string | undefined): URL {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    throw new McpClientError(
      'invalid_target',
      'Enter the MCP server’s URL, e.g. https://mcp.example.com/mcp.',
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new McpClientError('invalid_target', 'The MCP server’s URL must start with http:// or https://.');
  }
  if (parsed.username || parsed.password) {
    throw new McpClientError(
      'invalid_target',
      'Put the MCP server’s credentials in a credential, not in its URL.',
    );
  }
  return parsed;
}

/** The headers sent to the server: the node's own and the credential's key, if the key may go there. */
function serverHeaders(server: McpServerSpec, url: URL): Record<string, string> {
  const headers: Record<string, string> = { ...server.headers };
  const credential = server.credential;
  if (!credential) return headers;
  if (!credential.apiKey && !credential.oauth) {
    throw new McpClientError('credential', 'The credential of this MCP server has no key.');
  }
  const allowedHosts = credential.allowedHosts ?? [];
  if (allowedHosts.length === 0) {
    throw new McpClientError(
      'credential',
      `The credential lists no hosts it may be sent to, so it is never sent. Add ${url.hostname} under "Hosts this key may be sent to" on the Credentials page.`,
    );
  }
  if (!isAllowedHost(url.hostname, allowedHosts)) {
    throw new McpClientError(
      'credential',
      `The credential may only be sent to ${allowedHosts.join(', ')}; the MCP server's host "${url.hostname}" is not on its list.`,
    );
  }
  // A sign-in's token is added by the SDK (authProvider), which also refreshes it.
  if (!credential.apiKey) return headers;
  const name = server.authHeader?.trim() || 'Authorization';
  headers[name] = name.toLowerCase() === 'authorization' ? `Bearer ${credential.apiKey}` : credential.apiKey;
  return headers;
}

/** The SDK's OAuth provider over a sign-in, which must be for this server's origin. */
function oauthProvider(store: McpOAuthStore, url: URL) {
  try {
    return createMcpOAuthProvider(store, { serverUrl: url });
  } catch (error) {
    if (error instanceof McpOAuthError)
      throw new McpClientError('credential', error.message, { cause: error });
    throw error;
  }
}

/** Rejects with a timeout error when `promise` takes longer than `ms`; `onExpire` tears the attempt down. */
function withDeadline<T>(promise: Promise<T>, ms: number, onExpire: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(
        new McpClientError('timeout', `The MCP server did not answer within ${Math.round(ms / 100) / 10} s.`),
      );
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Counts messages being sent, so close() can let a cancellation notice go out first. */
function trackSends(transport: Transport): () => Promise<void> {
  const pending = new Set<Promise<void>>();
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const sending = send(message, options);
    pending.add(sending);
    const forget = () => pending.delete(sending);
    sending.then(forget, forget);
    return sending;
  };
  return async () => {
    if (pending.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.allSettled([...pending]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  };
}

/**
 * Connects to an MCP server and completes the handshake. HTTP transports go through the address guard
 * with the node's headers and credential bound to the server's origin; 'command' starts only a server the
 * admin named in the policy. Failures throw McpClientError with a readable message.
 */
export async function connect(server: McpServerSpec, options: ConnectOptions): Promise<McpSession> {
  const modules = await mcpSdk();
  if (server.transport === 'command') {
    const name = server.command;
    const command = allowedCommand(name, options.policy);
    const transport = new modules.StdioClientTransport({
      command: command.command,
      args: command.args,
      env: command.env,
      cwd: command.cwd,
    });
    return open(modules, transport, 'command', `local MCP server "${name}"`, undefined, options);
  }
  const url = serverUrl(server.url);
  const headers = serverHeaders(server, url);
  const label = `the MCP server at ${url.origin}`;
  const fetcher = createServerFetch({
    serverUrl: url,
    headers,
    allowPrivateHosts: options.policy.allowPrivateHosts,
    logger: options.logger,
  });
  const oauth: OAuthFailureContext = {
    origin: url.origin,
    signedIn: Boolean(server.credential?.oauth),
    hasKey: Boolean(server.credential?.apiKey),
  };
  // The server's last 401 challenge tells a server that signs clients in with OAuth from a refused key.
  const serverFetch: ServerFetch['fetch'] = async (input, init) => {
    const response = await fetcher.fetch(input, init);
    if (response.status === 401 && new URL(input).origin === url.origin) {
      oauth.challenge = response.headers.get('www-authenticate') ?? undefined;
    }
    return response;
  };
  const authProvider = server.credential?.oauth ? oauthProvider(server.credential.oauth, url) : undefined;
  const streamable = () =>
    new modules.StreamableHTTPClientTransport(url, {
      fetch: serverFetch,
      authProvider,
      // The optional server-to-client stream is retried a little, not for minutes.
      reconnectionOptions: {
        initialReconnectionDelay: 1_000,
        maxReconnectionDelay: 5_000,
        reconnectionDelayGrowFactor: 2,
        maxRetries: 2,
      },
    });
  const sse = () => new modules.SSEClientTransport(url, { fetch: serverFetch, authProvider });
  if (server.transport === 'sse') return open(modules, sse(), 'sse', label, fetcher, options, oauth);
  if (server.transport === 'streamable-http') {
    return open(modules, streamable(), 'streamable-http', label, fetcher, options, oauth);
  }
  try {
    return await open(modules, streamable(), 'streamable-http', label, fetcher, options, oauth);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const oldServer =
      cause instanceof modules.StreamableHTTPError && OLD_SERVER_STATUSES.has(cause.code ?? 0);
    if (!oldServer) throw error;
    options.logger?.debug('MCP server answered like an HTTP+SSE server; falling back', {
      server: url.origin,
    });
    fetcher.takeRefusal();
    return open(modules, sse(), 'sse', label, fetcher, options, oauth);
  }
}

async function open(
  modules: McpSdk,
  transport: Transport,
  kind: McpSession['transport'],
  label: string,
  fetcher: ServerFetch | undefined,
  options: ConnectOptions,
  oauth?: OAuthFailureContext,
): Promise<McpSession> {
  const client = new modules.Client(
    { name: 'agentry', version: '1.0.0' },
    {
      capabilities: {},
      // Results go to the model as text: no need to compile a server's output schemas (untrusted input).
      jsonSchemaValidator: {
        getValidator: () => (input: unknown) => ({
          valid: true,
          data: input as never,
          errorMessage: undefined,
        }),
      },
    },
  );
  const flush = trackSends(transport);
  const describe: McpSession['describe'] = (error, context = {}) =>
    (oauth && !context.signal?.aborted ? describeOAuthFailure(error, oauth) : undefined) ??
    describeMcpError(error, {
      sdk: modules,
      label,
      refusal: fetcher?.takeRefusal(),
      timeoutMs: context.timeoutMs,
      signal: context.signal,
    });
  try {
    await withDeadline(
      client.connect(transport, { timeout: options.timeoutMs, signal: options.signal }),
      options.timeoutMs,
      () => void transport.close().catch(() => {}),
    );
  } catch (error) {
    await client.close().catch(() => {});
    throw describe(error, { timeoutMs: options.timeoutMs, signal: options.signal });
  }
  return {
    client,
    label,
    transport: kind,
    describe,
    async close() {
      await flush();
      if (transport instanceof modules.StreamableHTTPClientTransport && transport.sessionId) {
        // Ends the server's session rather than leaving it to expire; a server may not support it.
        await withDeadline(transport.terminateSession(), CLOSE_GRACE_MS, () => {}).catch(() => {});
      }
      await client.close().catch(() => {});
    },
  };
}
