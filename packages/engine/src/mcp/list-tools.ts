import type { Logger } from '../runtime/context';
import { connect, type McpSession } from './connect';
import { McpClientError } from './mcp-client-error';
import { MAX_MCP_TOOLS } from './tool-names';
import type { McpConnectionOptions, McpPolicy, McpTarget, McpToolInfo } from './types';

/** Default limit of listMcpTools (connect, handshake and listing together). */
export const DEFAULT_LIST_TIMEOUT_MS = 15_000;
/** Pages followed at most, against a server that hands out cursors forever. */
const MAX_PAGES = 100;

/** Reads every tool of a connected server, following cursors, up to MAX_MCP_TOOLS. */
export async function readTools(
  session: McpSession,
  options: { timeoutMs: number; signal?: AbortSignal; totalTimeoutMs?: number },
): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES && tools.length < MAX_MCP_TOOLS; page++) {
      const result = await session.client.listTools(cursor === undefined ? undefined : { cursor }, {
        timeout: options.timeoutMs,
        signal: options.signal,
      });
      for (const tool of result.tools) {
        if (tools.length >= MAX_MCP_TOOLS) break;
        tools.push({
          name: tool.name,
          ...((tool.title ?? tool.annotations?.title)
            ? { title: tool.title ?? tool.annotations?.title }
            : {}),
          description: tool.description ?? '',
          inputSchema: tool.inputSchema as Record<string, unknown>,
        });
      }
      cursor = result.nextCursor;
      if (cursor === undefined || seen.has(cursor)) break;
      seen.add(cursor);
    }
  } catch (error) {
    throw session.describe(error, {
      timeoutMs: options.totalTimeoutMs ?? options.timeoutMs,
      signal: options.signal,
    });
  }
  return tools;
}

/** Options of listMcpTools. */
export interface ListMcpToolsOptions extends McpConnectionOptions {
  policy: McpPolicy;
  /** Limit for connecting and listing together (default 15 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Connects to an MCP server, lists its tools (all pages, at most 500) and disconnects: what the config
 * panel shows when the user presses Connect or Refresh. Throws McpClientError with a readable message.
 */
export async function listMcpTools(target: McpTarget, options: ListMcpToolsOptions): Promise<McpToolInfo[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS;
  const deadline = performance.now() + timeoutMs;
  const session = await connect(
    {
      transport: target.transport,
      url: target.url,
      command: target.command,
      headers: options.headers,
      credential: options.credential,
      authHeader: options.authHeader,
    },
    { policy: options.policy, logger: options.logger, timeoutMs, signal: options.signal },
  );
  try {
    const remaining = Math.round(deadline - performance.now());
    if (remaining <= 0) {
      throw new McpClientError('timeout', `The MCP server did not answer within ${timeoutMs / 1000} s.`);
    }
    return await readTools(session, {
      timeoutMs: remaining,
      signal: options.signal,
      totalTimeoutMs: timeoutMs,
    });
  } finally {
    await session.close();
  }
}
