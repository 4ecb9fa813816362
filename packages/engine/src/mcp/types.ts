// Types only: the MCP Tools node (reachable from the browser entry) imports these, never the SDK.

import type { McpOAuthStore } from './oauth-client';

/** How Agentry talks to an MCP server. 'auto' tries Streamable HTTP and falls back to HTTP+SSE. */
export type McpTransport = 'auto' | 'streamable-http' | 'sse' | 'command';

/** Which MCP server: a URL for the HTTP transports, an admin-allowed command name for 'command'. */
export interface McpTarget {
  transport: McpTransport;
  /** http(s) URL of the server (HTTP transports). */
  url?: string;
  /** Name of a command in the admin's policy (transport 'command'); a graph never names a program. */
  command?: string;
}

/** A local MCP server an admin allows (AGENTRY_MCP_COMMANDS), started over stdio. */
export interface McpCommand {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** The host's MCP policy; graphs cannot widen it. */
export interface McpPolicy {
  /** Private or loopback hosts MCP servers may be on (the admin's AGENTRY_ALLOW_PRIVATE_HOSTS). */
  allowPrivateHosts: string[];
  /** Local servers by name; empty: stdio servers are off. */
  commands: Record<string, McpCommand>;
}

/** One tool an MCP server offers. */
export interface McpToolInfo {
  name: string;
  title?: string;
  description: string;
  /** The tool's JSON Schema for its arguments, as the server sent it. */
  inputSchema: Record<string, unknown>;
}

/** The credential of an MCP server: its key and the hosts it may be sent to. */
export interface McpCredential {
  apiKey?: string;
  allowedHosts?: string[];
  /** An OAuth sign-in to the server (instead of a key): the SDK sends and refreshes its tokens. */
  oauth?: McpOAuthStore;
}

/** How to authenticate to a server and which extra headers to send (only to its own origin). */
export interface McpConnectionOptions {
  headers?: Record<string, string>;
  credential?: McpCredential;
  /** Header the credential's key goes in: 'Authorization' gets "Bearer <key>", any other the raw key. */
  authHeader?: string;
}

/** A server and how to reach it. */
export type McpServerSpec = McpTarget & McpConnectionOptions;

/** Limits of one tool call. */
export interface McpCallOptions {
  signal?: AbortSignal;
  /** Give up when the server is silent this long (progress notifications restart the clock). */
  timeoutMs: number;
  /** Longest result text handed to the model; the rest is cut with a note. */
  maxResultChars: number;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/**
 * The MCP servers of one run: one connection per distinct server, opened on first use, its tool list
 * read once, closed when the run ends. Errors are `Error`s whose message the model and the user may read.
 */
export interface McpConnections {
  /** The server's tools (listed once per run). */
  listTools(server: McpServerSpec, options?: { signal?: AbortSignal }): Promise<McpToolInfo[]>;
  /** Calls one tool; resolves with its result as text for the model. */
  callTool(
    server: McpServerSpec,
    name: string,
    args: Record<string, unknown>,
    options: McpCallOptions,
  ): Promise<string>;
}
