import { createHash } from 'node:crypto';
import type { Logger } from '../runtime/context';
import { connect, type McpSession } from './connect';
import { formatToolResult, type McpCallResult } from './format-result';
import { DEFAULT_LIST_TIMEOUT_MS, readTools } from './list-tools';
import { McpClientError } from './mcp-client-error';
import type { McpOAuthStore } from './oauth-client';
import type { McpConnections, McpPolicy, McpServerSpec, McpToolInfo } from './types';

/** The MCP connections of one run, closed by the run when it ends. */
export interface RunMcpConnections extends McpConnections {
  /** Closes every connection (letting cancellation notices go out first); later uses fail. */
  close(): Promise<void>;
}

/** One distinct server of the run: its connection and its tool list, each made once. */
interface ServerEntry {
  session?: Promise<McpSession>;
  tools?: Promise<McpToolInfo[]>;
}

/** The policy a host that sets none gets: public servers only, no local commands. */
export const DEFAULT_MCP_POLICY: McpPolicy = { allowPrivateHosts: [], commands: {} };

const signIns = new WeakMap<McpOAuthStore, number>();
let lastSignIn = 0;

/** One number per OAuth sign-in object: nodes that share a resolved sign-in share its connection. */
function signInKey(store: McpOAuthStore): number {
  let key = signIns.get(store);
  if (key === undefined) {
    key = ++lastSignIn;
    signIns.set(store, key);
  }
  return key;
}

/** Identifies a server and how it is reached; the digest keeps the credential's key out of the map. */
function serverKey(server: McpServerSpec): string {
  const identity = JSON.stringify([
    server.transport,
    server.transport === 'command' ? server.command : server.url,
    Object.entries(server.headers ?? {}).sort(([a], [b]) => a.localeCompare(b)),
    server.authHeader ?? '',
    server.credential?.apiKey ?? '',
    server.credential?.allowedHosts ?? [],
    server.credential?.oauth ? signInKey(server.credential.oauth) : '',
  ]);
  return createHash('sha256').update(identity).digest('hex');
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The MCP servers of one run: one SDK client per distinct server (URL, transport, headers and
 * credential, or command name), opened on first use (concurrent first uses share it), its tool list read
 * once for the run, all closed by close(). A failed connection or listing is not kept: the next use tries
 * again. Nothing outlives the run, so the next run sees a server's new tools.
 */
export function createMcpConnections(
  policy: McpPolicy = DEFAULT_MCP_POLICY,
  options: { logger?: Logger; connectTimeoutMs?: number } = {},
): RunMcpConnections {
  const { logger } = options;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const servers = new Map<string, ServerEntry>();
  const open = new Set<McpSession>();
  let closed = false;
  const closedError = () =>
    new McpClientError('closed', 'The run has ended, so its MCP connections are closed.');

  const entryOf = (server: McpServerSpec): ServerEntry => {
    const key = serverKey(server);
    let entry = servers.get(key);
    if (!entry) {
      entry = {};
      servers.set(key, entry);
    }
    return entry;
  };

  const sessionOf = (entry: ServerEntry, server: McpServerSpec): Promise<McpSession> => {
    if (closed) return Promise.reject(closedError());
    if (entry.session) return entry.session;
    const attempt = connect(server, { policy, logger, timeoutMs: connectTimeoutMs }).then((session) => {
      if (closed) {
        void session.close();
        throw closedError();
      }
      open.add(session);
      // A server that goes away (a process that exits, a dropped stream) is connected again on next use.
      session.client.onclose = () => {
        open.delete(session);
        if (entry.session === attempt) entry.session = undefined;
      };
      return session;
    });
    entry.session = attempt;
    attempt.catch((error: unknown) => {
      if (entry.session === attempt) entry.session = undefined;
      logger?.warn('MCP server could not be connected', {
        code: (error as McpClientError).code,
        message: (error as Error).message,
      });
    });
    return attempt;
  };

  return {
    listTools(server, listOptions = {}) {
      const entry = entryOf(server);
      if (!entry.tools) {
        const listing = sessionOf(entry, server).then((session) =>
          readTools(session, { timeoutMs: connectTimeoutMs }),
        );
        entry.tools = listing;
        listing.catch(() => {
          if (entry.tools === listing) entry.tools = undefined;
        });
      }
      return untilAborted(entry.tools, listOptions.signal);
    },

    async callTool(server, name, args, callOptions) {
      const { signal, timeoutMs, maxResultChars, onProgress } = callOptions;
      const session = await untilAborted(sessionOf(entryOf(server), server), signal);
      let result: McpCallResult;
      try {
        result = (await session.client.callTool({ name, arguments: args }, undefined, {
          signal,
          timeout: timeoutMs,
          // A server that reports progress is working: its silence, not its total time, is the limit.
          // A progress callback is always given, as without one the SDK asks for no progress at all.
          resetTimeoutOnProgress: true,
          onprogress: onProgress ?? (() => {}),
        })) as McpCallResult;
      } catch (error) {
        throw session.describe(error, { timeoutMs, signal });
      }
      const text = formatToolResult(result, maxResultChars);
      if (result.isError) {
        throw new McpClientError('tool_error', `The tool "${name}" reported an error: ${text}`);
      }
      return text;
    },

    async close() {
      closed = true;
      const sessions = [...open];
      open.clear();
      servers.clear();
      await Promise.allSettled(sessions.map((session) => session.close()));
    },
  };
}
